package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.SimulatorLedger.EndReason;

import java.util.ArrayList;
import java.util.List;

/**
 * What acts on a channel's media: MixMonitor recording (trace 11), DTMF (PlayDTMF, the caller handset's SendDTMF,
 * the IVR route point's Read, trace 13) and ChanSpy (trace 12).
 */
final class MediaFlows {
    static final String MONITOR_DIR = "/var/spool/asterisk/monitor/";

    private final SimEngine eng;
    private final Events ev;
    /** Supervisor calls spying on a channel. */
    private final List<Call> spies = new ArrayList<>();

    MediaFlows(SimEngine eng) {
        this.eng = eng;
        this.ev = eng.ev;
    }

    // ------------------------------------------------------------------ MixMonitor

    void mixMonitor(Chan c, String file) {
        String path = file.startsWith("/") ? file : MONITOR_DIR + file;
        c.recording = path;
        ev.varSet(c, "MIXMONITOR_FILENAME", path);
        ev.send(snapshotEvent("MixMonitorStart", c));
        repeer(c);
        eng.ledger.recordRecording(c.uniqueid, path, true, eng.instant());
    }

    /** Returns false when the channel is not being recorded ({@code Cannot set mute flag}). */
    boolean mixMonitorMute(Chan c, String direction, boolean on) {
        if (c.recording == null) {
            return false;
        }
        var b = ev.start("MixMonitorMute", Events.CALL);
        Events.snapshot(b, "", c);
        ev.send(b.add("Direction", direction).add("State", on ? "1" : "0"));
        return true;
    }

    /** Returns false when the channel is not being recorded ({@code Could not stop monitoring channel}). */
    boolean stopMixMonitor(Chan c) {
        if (c.recording == null) {
            return false;
        }
        String path = c.recording;
        c.recording = null;
        ev.send(snapshotEvent("MixMonitorStop", c));
        repeer(c);
        eng.ledger.recordRecording(c.uniqueid, path, false, eng.instant());
        return true;
    }

    private org.ctiserver.pbxsim.ami.AmiMessage.Builder snapshotEvent(String name, Chan c) {
        var b = ev.start(name, Events.CALL);
        Events.snapshot(b, "", c);
        return b;
    }

    /** An audiohook attached or detached: a basic bridge re-announces BRIDGEPEER for its members. */
    private void repeer(Chan c) {
        Bridge br = c.bridge;
        if (br == null || br.members.size() != 2 || !br.type.equals("basic")) {
            return;
        }
        for (Chan m : List.copyOf(br.members)) {
            ev.varSet(m, "BRIDGEPEER", br.other(m).name);
        }
    }

    // ------------------------------------------------------------------ DTMF

    /**
     * PlayDTMF: the digit is written out of the channel (the other half of its Local pair reads it, DTMFBegin and,
     * {@code durationMs} later, DTMFEnd), or with Receive=true it is read by the channel itself (DTMFEnd only).
     */
    void playDtmf(Chan c, String digit, long durationMs, boolean receive) {
        if (receive) {
            dtmfEnd(c, digit, durationMs);
            digitRead(c, digit);
            return;
        }
        Chan reader = c.peer();
        if (reader == null || reader.gone) {
            return;
        }
        dtmfBegin(reader, digit);
        eng.clock.afterSeconds(durationMs / 1000d, () -> {
            if (!reader.gone) {
                dtmfEnd(reader, digit, durationMs);
                digitRead(reader, digit);
            }
        });
    }

    private void dtmfBegin(Chan c, String digit) {
        var b = ev.start("DTMFBegin", Events.DTMF);
        Events.snapshot(b, "", c);
        ev.send(b.add("Digit", digit).add("Direction", "Received"));
    }

    private void dtmfEnd(Chan c, String digit, long durationMs) {
        var b = ev.start("DTMFEnd", Events.DTMF);
        Events.snapshot(b, "", c);
        ev.send(b.add("Digit", digit).add("DurationMs", durationMs).add("Direction", "Received"));
    }

    /** The caller's handset presses keys: each digit reaches the caller's {@code ;1} (DTMFBegin, DTMFEnd 100 ms). */
    void callerPresses(Call call, String digits, double gapSeconds) {
        Chan one = call.one();
        for (int i = 0; i < digits.length(); i++) {
            String d = String.valueOf(digits.charAt(i));
            double at = 0.1 + i * gapSeconds;
            eng.clock.afterSeconds(at, () -> {
                if (!one.gone) {
                    dtmfBegin(one, d);
                }
            });
            eng.clock.afterSeconds(at + 0.1, () -> {
                if (!one.gone) {
                    dtmfEnd(one, d, 100);
                    digitRead(one, d);
                }
            });
        }
    }

    /** {@code [callers]} with CALLER_<ext>_DTMF: Wait(1), SendDTMF(digits,250), then Playtones and Wait(talk). */
    void handsetSendsDtmfLater(Call call) {
        Handset.Caller h = (Handset.Caller) call.handset;
        Chan two = call.two();
        eng.clock.afterSeconds(1, () -> {
            if (two.gone) {
                return;
            }
            ev.newexten(two, 5, "SendDTMF", h.dtmf + ",250");
            callerPresses(call, h.dtmf, 0.25);
            eng.clock.afterSeconds(0.25 * h.dtmf.length(), () -> {
                if (!two.gone) {
                    h.afterDtmf(ev, two);
                }
            });
        });
    }

    private void digitRead(Chan c, String digit) {
        if (c.pair.owner instanceof Call call && c == call.one() && call.where == Call.Where.IVR) {
            if (call.callbackOffer) {
                eng.actions.offerDigit(call, digit);
            } else if (!call.one().context.startsWith("cti-")) {
                eng.ivr.ivrDigit(call, digit);
            }
        }
    }

    // ------------------------------------------------------------------ ChanSpy

    /** {@code ChanSpy(<channel>,<options>)} on an originated supervisor call: ChanSpyStart about 100 ms after answer. */
    void startSpy(Call spyer, String data) {
        String[] parts = data == null ? new String[] {""} : data.split(",", 2);
        String target = parts[0].trim();
        spyer.spyOptions = parts.length > 1 ? parts[1].trim() : "";
        spyer.originateTimer = eng.clock.afterSeconds(0.1, () -> {
            Chan spyee = eng.channel(target);
            if (spyee == null || spyee.gone) {
                // nothing to spy on: ChanSpy returns and the supervisor's ;1 hangs up
                eng.originates.applicationEnds(spyer);
                return;
            }
            spyer.spyee = spyee;
            spies.add(spyer);
            var b = ev.start("ChanSpyStart", Events.CALL);
            Events.snapshot(b, "Spyer", spyer.one());
            Events.snapshot(b, "Spyee", spyee);
            ev.send(b);
            repeer(spyee);
        });
    }

    private void chanSpyStop(Call spyer) {
        Chan spyee = spyer.spyee;
        spyer.spyee = null;
        spies.remove(spyer);
        repeer(spyee);
        if (spyer.spyOptions.contains("w") || spyer.spyOptions.contains("B")) {
            // the whisper/barge audiohook detaches separately (trace 12)
            repeer(spyee);
        }
        var b = ev.start("ChanSpyStop", Events.CALL);
        Events.snapshot(b, "Spyer", spyer.one());
        if (!spyee.gone) {
            Events.snapshot(b, "Spyee", spyee);
        }
        ev.send(b);
    }

    /** The supervisor's handset hangs up (trace 12), or AMI hangs up one of its halves. */
    void spyerHangsUp(Call spyer, Chan amiChan) {
        Chan one = spyer.one();
        Chan two = spyer.two();
        spyer.cancelTimers();
        if (amiChan == null || amiChan == two) {
            if (amiChan == null) {
                spyer.handset.hangup(ev, two);
            }
            ev.softHangupRequest(two, 16);
            ev.hangupRequest(one, 16);
            eng.hangupChan(two, 16);
            ev.deviceState(spyer.pair.device, "NOT_INUSE");
            chanSpyStop(spyer);
            eng.hangupChan(one, 16);
        } else {
            ev.softHangupRequest(one, 16);
            ev.hangupRequest(two, 16);
            chanSpyStop(spyer);
            eng.hangupChan(one, 16);
            ev.softHangupRequest(two, 16);
            eng.hangupChan(two, 16);
            ev.deviceState(spyer.pair.device, "NOT_INUSE");
        }
        ev.deviceState(spyer.pair.device, "NOT_INUSE");
        eng.calls.endCall(spyer, amiChan == null ? EndReason.CALLER_HANGUP : EndReason.AMI_HANGUP);
    }

    /** A channel hung up: anyone spying on it stops, ChanSpy returns and the supervisor's leg hangs up. */
    void channelGone(Chan c) {
        if (spies.isEmpty()) {
            return;
        }
        for (Call spyer : List.copyOf(spies)) {
            if (spyer.spyee == c) {
                eng.clock.afterSeconds(0.01, () -> {
                    if (spyer.spyee == c && spyer.where != Call.Where.ENDED) {
                        chanSpyStop(spyer);
                        eng.originates.applicationEnds(spyer);
                    }
                });
            }
        }
    }
}
