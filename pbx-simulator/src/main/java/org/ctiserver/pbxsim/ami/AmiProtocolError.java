package org.ctiserver.pbxsim.ami;

/**
 * A frame the parser had to drop (line too long, too many headers). The parser skips to the end of that
 * frame and goes on; this record reports what was lost instead of throwing.
 */
public record AmiProtocolError(String reason) implements AmiFrame {
}
