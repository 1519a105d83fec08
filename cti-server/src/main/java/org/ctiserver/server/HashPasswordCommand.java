package org.ctiserver.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.ctiserver.protocol.auth.PasswordHasher;

import picocli.CommandLine.Command;

/** Prints the {@code passwordHash} value for an agent's password, read from the console or standard input. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Read a password (console or one line of standard input) and print its passwordHash.")
final class HashPasswordCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 6) {
            System.err.println("a password of at least 6 characters is needed");
            return 2;
        }
        // the one place the product prints to stdout: the hash is the command's output
        System.out.println(new PasswordHasher().hash(password));
        Arrays.fill(password, '\0');
        return 0;
    }
}
