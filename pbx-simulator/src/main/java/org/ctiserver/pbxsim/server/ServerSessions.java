package org.ctiserver.pbxsim.server;

/** Factory for per-connection session handlers (keeps {@link AmiSession}'s constructor package-private). */
public final class ServerSessions {
    private ServerSessions() {
    }

    public static AmiSession newSession(AmiHub hub, ActionHandler actions, long writeTimeoutMillis) {
        return new AmiSession(hub, actions, writeTimeoutMillis);
    }
}
