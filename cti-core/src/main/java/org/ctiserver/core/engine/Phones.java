package org.ctiserver.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ctiserver.core.agent.Agent;
import org.ctiserver.core.agent.AgentState;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxEvent;
import org.ctiserver.core.pbx.PhoneState;
import org.ctiserver.core.routing.Router;
import org.ctiserver.core.stats.PhoneStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' phones: the last state the PBX reported for each extension, and which READY agents their phone keeps
 * out of the router. Part of the {@link Engine} (same thread, same state). The rules:
 * <ul>
 *   <li>an UNAVAILABLE phone (unregistered, unreachable) keeps its agent from being offered calls;</li>
 *   <li>a busy phone (ringing, in use, busy, on hold) does too, unless the CTI's own call makes it busy: a busy
 *       state reported while the agent is RESERVED or TALKING is the CTI call's, and so is a busy state that
 *       follows one without the phone going idle in between (the agent's leg may hang up after the caller's);</li>
 *   <li>IDLE and UNKNOWN (no hint, invalid device) never do: a site without device states routes as before.</li>
 * </ul>
 * The agent's CTI state stays READY: only the router's ready set changes ({@link org.ctiserver.core.routing.Router}'s
 * {@code agentUnready}/{@code agentReady}), and an {@link CtiEvent.AgentPhoneChanged} tells toolbars and wallboards.
 * States of extensions no agent uses are remembered (an agent may log in on them later) unless idle or unknown.
 */
final class Phones {
    private static final Logger log = LoggerFactory.getLogger(Phones.class);

    /** One extension's phone: its state, whether the CTI's own call makes it busy, when and from where it came. */
    record Entry(PhoneState state, boolean own, long sinceEpochMs, String source) {
    }

    private final Engine engine;
    /** Only its ready set is used (agentReady, agentUnready): a phone decides which READY agents are offered calls. */
    private final Router router;
    private final Map<String, Entry> byExtension = new HashMap<>();
    /** READY agents kept out of the router by their phone, in the order they were held. */
    private final Set<Agent> held = new LinkedHashSet<>();

    Phones(Engine engine, Router router) {
        this.engine = engine;
        this.router = router;
    }

    /** True when the phone of the agent's extension keeps the agent from being offered calls. */
    boolean blocks(Agent agent) {
        Entry e = agent.extension() == null ? null : byExtension.get(agent.extension());
        return e != null && blocks(e);
    }

    private static boolean blocks(Entry e) {
        return e.state() == PhoneState.UNAVAILABLE || (e.state().isBusy() && !e.own());
    }

    /**
     * The agent has just become READY: true when it may go to the router; false when its phone holds it back (then
     * it is remembered, and given to the router when the phone allows).
     */
    boolean mayRoute(Agent agent) {
        if (!blocks(agent)) {
            return true;
        }
        held.add(agent);
        Entry e = byExtension.get(agent.extension());
        log.info("agent {} is READY but its phone {} is {}: no call is offered until it is idle", agent.id(),
                agent.extension(), e.state());
        return false;
    }

    /** The agent has just left READY. */
    void left(Agent agent) {
        held.remove(agent);
    }

    /** The agent has just logged in: a phone that is not idle is reported (a toolbar shows it). */
    void loggedIn(Agent agent) {
        Entry e = byExtension.get(agent.extension());
        if (e == null || e.state() == PhoneState.IDLE || e.state() == PhoneState.UNKNOWN) {
            return;
        }
        if (e.state() == PhoneState.UNAVAILABLE) {
            log.warn("agent {} logged in on extension {} whose phone is unavailable (not registered): no call is "
                    + "offered until it registers", agent.id(), agent.extension());
        }
        engine.emit(new CtiEvent.AgentPhoneChanged(engine.nextSeq(), engine.epochMs, agent.id(), agent.extension(),
                e.state(), !blocks(e)));
    }

    /** A phone changed state (or its state was read at resync). */
    void changed(PbxEvent.PhoneStateChanged e) {
        if (e.extension() == null || e.extension().isBlank() || e.state() == null) {
            return;
        }
        String ext = e.extension();
        Entry old = byExtension.get(ext);
        Agent agent = engine.agentsByExtension.get(ext);
        boolean own = e.state().isBusy() && agent != null
                && (hasCtiCall(agent) || (old != null && old.own() && old.state().isBusy()));
        if (old != null && old.state() == e.state() && old.own() == own) {
            return; // a repeat (Asterisk reports the device and the hint, sometimes twice)
        }
        Entry now = new Entry(e.state(), own, engine.epochMs, e.source() == null ? "" : e.source());
        if (agent == null && (e.state() == PhoneState.IDLE || e.state() == PhoneState.UNKNOWN)) {
            byExtension.remove(ext); // idle is the default: keeps the map to the phones worth knowing
        } else {
            byExtension.put(ext, now);
        }
        if (agent == null) {
            log.debug("phone {} is {} ({}): no agent on it", ext, e.state(), e.source());
            return;
        }
        boolean wasOffered = old == null || !blocks(old);
        boolean offerable = !blocks(now);
        log.debug("phone {} of agent {} is {} ({}{})", ext, agent.id(), e.state(), e.source(), own ? ", CTI call" : "");
        if (agent.state() == AgentState.READY) {
            if (!offerable && !held.contains(agent)) {
                router.agentUnready(agent);
                held.add(agent);
                log.info("agent {} is offered no call: phone {} is {}", agent.id(), ext, e.state());
            } else if (offerable && held.remove(agent)) {
                addToRouter(agent);
                log.info("agent {} can be offered calls again: phone {} is {}", agent.id(), ext, e.state());
            }
        }
        if (old == null || old.state() != e.state() || wasOffered != offerable) {
            engine.emit(new CtiEvent.AgentPhoneChanged(engine.nextSeq(), engine.epochMs, agent.id(), ext, e.state(),
                    offerable));
        }
    }

    private static boolean hasCtiCall(Agent agent) {
        return agent.currentCallId() != null
                && (agent.state() == AgentState.RESERVED || agent.state() == AgentState.TALKING);
    }

    /** The phone of a logged-in agent. */
    PhoneStatus status(Agent agent) {
        Entry e = agent.extension() == null ? null : byExtension.get(agent.extension());
        if (e == null) {
            return new PhoneStatus(agent.id(), agent.extension(), PhoneState.UNKNOWN, true, 0);
        }
        return new PhoneStatus(agent.id(), agent.extension(), e.state(), !blocks(e), e.sinceEpochMs());
    }

    /** The phones of the logged-in agents, in the given order. */
    List<PhoneStatus> statuses(List<Agent> agents) {
        List<PhoneStatus> out = new ArrayList<>();
        for (Agent a : agents) {
            if (a.state().isLoggedIn() && a.extension() != null) {
                out.add(status(a));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ engagements (outbound call, consulted)

    /** Keeps the agent out of routing whatever its state (outbound call, consulted) until {@link #disengage}. */
    void engage(Agent agent, String why) {
        agent.setEngagement(why);
        router.agentUnready(agent);
    }

    /** The engagement ended: a READY agent counts as idle from now and is offered calls if its phone allows. */
    void disengage(Agent agent) {
        if (agent.engagement() == null) {
            return;
        }
        agent.setEngagement(null);
        if (agent.state() == AgentState.READY) {
            agent.markIdle(engine.nowNs);
            if (mayRoute(agent)) {
                addToRouter(agent);
            }
        }
    }

    /** True when the agent could be offered a call now: READY, not engaged, its phone allowing. */
    boolean offerable(Agent agent) {
        return agent.state() == AgentState.READY && agent.engagement() == null && !blocks(agent);
    }

    /** The agent's skills changed: the router tests it again against the waiting calls. */
    void reindex(Agent agent) {
        if (offerable(agent)) {
            router.agentUnready(agent);
            addToRouter(agent);
        }
    }

    /** An engaged agent stays out whatever its phone says: its engagement's end gives it back. */
    private void addToRouter(Agent agent) {
        if (agent.engagement() == null) {
            router.agentReady(agent);
        }
    }

    /** READY agents held out of the router by their phone (for tests and metrics). */
    int heldCount() {
        return held.size();
    }
}
