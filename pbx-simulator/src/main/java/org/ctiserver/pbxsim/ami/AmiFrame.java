package org.ctiserver.pbxsim.ami;

/** What the frame parser yields: a message, the banner line of a server, or a framing error. */
public sealed interface AmiFrame permits AmiMessage, AmiBanner, AmiProtocolError {
}
