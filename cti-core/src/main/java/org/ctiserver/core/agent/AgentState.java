package org.ctiserver.core.agent;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a seat agent, with the transitions the engine allows. The table is the
 * specification: {@link Agent#transition} refuses anything it does not list.
 */
public enum AgentState {
    LOGGED_OUT,
    NOT_READY,
    READY,
    /** A call is offered: the agent's phone rings. */
    RESERVED,
    TALKING,
    /** After-call work, ended by the agent or by the wrap-up deadline. */
    WRAP_UP;

    private Set<AgentState> next;

    static {
        LOGGED_OUT.next = EnumSet.of(NOT_READY);
        NOT_READY.next = EnumSet.of(NOT_READY, READY, LOGGED_OUT);
        READY.next = EnumSet.of(NOT_READY, RESERVED, LOGGED_OUT);
        RESERVED.next = EnumSet.of(TALKING, READY, NOT_READY);
        TALKING.next = EnumSet.of(WRAP_UP, NOT_READY);
        WRAP_UP.next = EnumSet.of(READY, NOT_READY, LOGGED_OUT);
    }

    public boolean canGoTo(AgentState target) {
        return next.contains(target);
    }

    public Set<AgentState> allowedNext() {
        return EnumSet.copyOf(next);
    }

    /** True while the agent is signed in, whatever the state. */
    public boolean isLoggedIn() {
        return this != LOGGED_OUT;
    }
}
