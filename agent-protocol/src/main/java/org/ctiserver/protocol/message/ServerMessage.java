package org.ctiserver.protocol.message;

/** What the server sends: replies to requests and events. */
public sealed interface ServerMessage permits Reply, EventMessage {
}
