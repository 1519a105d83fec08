package org.ctiserver.core.engine;

import org.ctiserver.core.call.Call;
import org.ctiserver.core.event.CtiEvent;
import org.ctiserver.core.pbx.PbxCommand;

/**
 * What the queues' overflow rules and opening hours need the {@link Engine} to do: {@link QueueRulesSetup} decides
 * and moves calls; ending a call, offering a callback and telling the listeners are the engine's. Same thread.
 */
final class QueueRuleActions implements QueueRulesSetup.Engine {
    private final Engine engine;

    QueueRuleActions(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void hangUp(Call call, String reason) {
        engine.pbx(new PbxCommand.HangupCall(call.id(), call.channel()));
        engine.endings().callGone(call, reason, true);
    }

    @Override
    public void leave(Call call, PbxCommand.Destination.Dialplan to, String reason) {
        engine.pbx(new PbxCommand.Redirect(call.id(), call.channel(), to));
        engine.endings().callGone(call, reason, true);
    }

    // the virtual holds are read when used: the rules are built before them

    @Override
    public void offerCallback(Call call, String prompt, String reason) {
        engine.holds().offerCallback(call, prompt, reason);
    }

    @Override
    public boolean isCallbackRequest(Call call) {
        return engine.holds().owns(call.id());
    }

    @Override
    public void diverted(Call call, boolean closed, String action, String detail) {
        engine.emit(new CtiEvent.CallDiverted(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(), closed,
                action, detail));
    }

    @Override
    public void moved(Call call) {
        engine.scheduleRelaxStep(call);
        engine.emit(new CtiEvent.CallQueued(engine.nextSeq(), engine.epochMs, call.id(), call.queueId(),
                call.callerNumber(), true));
    }
}
