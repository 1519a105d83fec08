package org.ctiserver.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes from the JDK alone, encoded
 * {@code pbkdf2-sha256$<iterations>$<saltB64>$<hashB64>} (standard Base64). The iteration count is read
 * back from each hash, so raising the default later does not break stored hashes.
 * Hashing is slow on purpose: call it off the event loop.
 */
public final class PasswordHasher {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Refuse absurd counts in a stored hash: verifying one would occupy a worker for minutes. */
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String SEPARATOR = "$";
    private static final int PARTS = 4;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** @param iterations for new hashes; lower than the default only in tests */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    /** A new hash with a fresh random salt. The caller may clear {@code password} afterwards. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + SEPARATOR + iterations + SEPARATOR + b64.encodeToString(salt) + SEPARATOR
                + b64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded}; false for a wrong password or a malformed hash. */
    public boolean verify(char[] password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null) {
            return false;
        }
        byte[] actual = derive(password, p.salt, p.iterations);
        // constant time: do not reveal how many leading bytes matched
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** True when {@code encoded} is well formed. */
    public static boolean isWellFormed(String encoded) {
        return parse(encoded) != null;
    }

    /** True when the hash was made with fewer iterations than this hasher uses now. */
    public boolean needsRehash(String encoded) {
        Parsed p = parse(encoded);
        return p == null || p.iterations < iterations;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != PARTS || !SCHEME.equals(parts[0])) {
            return null;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (n < 1 || n > MAX_ITERATIONS || salt.length == 0 || hash.length != HASH_BITS / Byte.SIZE) {
                return null;
            }
            return new Parsed(n, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // every Java 17 runtime ships this algorithm
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A well-formed hash of a random secret, to spend the same time on unknown agents as on known ones. */
    String decoy() {
        char[] secret = new char[SALT_BYTES];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (char) ('a' + random.nextInt(26));
        }
        try {
            return hash(secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
