package org.ctiserver.core.pbx;

/**
 * The engine's way out to the PBX. Called on the engine thread: implementations must hand the
 * command off and return at once, never wait for the PBX's answer.
 */
@FunctionalInterface
public interface PbxPort {
    void execute(PbxCommand command);

    PbxPort NONE = command -> { };
}
