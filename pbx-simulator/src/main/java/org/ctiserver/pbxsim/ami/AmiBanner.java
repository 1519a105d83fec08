package org.ctiserver.pbxsim.ami;

/** The one-line greeting a server sends first ({@code Asterisk Call Manager/11.0.0}), not followed by a blank line. */
public record AmiBanner(String text) implements AmiFrame {
}
