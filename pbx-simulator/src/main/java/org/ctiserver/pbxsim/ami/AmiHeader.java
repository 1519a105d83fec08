package org.ctiserver.pbxsim.ami;

import java.util.Objects;

/** One {@code Key: Value} line. Keys keep their case; AMI compares them case-insensitively. */
public record AmiHeader(String key, String value) {
    public AmiHeader {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
