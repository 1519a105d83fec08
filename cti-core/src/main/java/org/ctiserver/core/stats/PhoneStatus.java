package org.ctiserver.core.stats;

import org.ctiserver.core.pbx.PhoneState;

/**
 * A logged-in agent's phone as the engine sees it, beside the agent's {@link AgentSnapshot} (which it does not
 * change: an agent whose phone cannot take calls stays READY in the CTI, but is offered none).
 *
 * @param state         the phone's last known state ({@link PhoneState#UNKNOWN} when the PBX never reported it)
 * @param offerable     false when the phone keeps the agent from being offered calls: unregistered, or busy with a
 *                      call that is not the CTI's (a personal call)
 * @param sinceEpochMs  when the engine learnt the state (0 when never)
 */
public record PhoneStatus(String agentId, String extension, PhoneState state, boolean offerable, long sinceEpochMs) {
}
