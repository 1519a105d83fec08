package org.ctiserver.core.queue;

/**
 * The dialplan contexts the engine sends callers to when a queue does not keep them (a {@link
 * org.ctiserver.core.pbx.PbxCommand.Destination.Dialplan} redirect); the sample {@code extensions.conf} has them.
 * The extension carries the parameter: the mailbox, or the sound file to play.
 */
public final class DialplanTargets {
    /** {@code VoiceMail(<exten>@<voicemail context>,u)}, then hang up. */
    public static final String VOICEMAIL = "cti-voicemail";
    /** {@code Playback(<exten>)}, then hang up. */
    public static final String MESSAGE = "cti-message";
    /** {@code Read} one key after the prompt {@code <exten>}; the key reaches the engine as DTMF, then hang up. */
    public static final String CALLBACK_OFFER = "cti-callback-offer";

    private DialplanTargets() {
    }

    /**
     * A mailbox or sound name usable as an extension of the sample contexts: 2 to 80 letters, digits, '-', '_', '.',
     * starting with a letter or digit (no directories, no blanks or commas).
     */
    public static boolean validParameter(String s) {
        return s != null && s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{1,79}") && !s.contains("..");
    }
}
