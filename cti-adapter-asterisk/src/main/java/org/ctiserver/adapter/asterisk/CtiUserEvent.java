package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.event.UserEvent;

import java.util.Map;

/**
 * The fields a CTI route point sends in its UserEvents. Asterisk-Java fills only properties that have a
 * setter and drops every UserEvent whose name has no registered class, so each field the dialplan may
 * send needs a setter here and each event name a top-level subclass (the class name is the event name).
 */
public abstract class CtiUserEvent extends UserEvent {
    private static final long serialVersionUID = 1L;

    private String queue;
    private String callerNumber;
    private String callerName;
    private String dialedNumber;
    private String skills;
    private String ivrLang;
    private String ivrChoice;
    private String customerId;
    private String callUid;
    private String lastAgent;
    private String dialStatus;
    private String amdStatus;
    private String amdCause;

    protected CtiUserEvent(Object source) {
        super(source);
    }

    /** The event name as the dialplan sends it in the {@code UserEvent} header. */
    public abstract String getUserEventName();

    /** Puts every field that was sent into {@code fields}, under its AMI header name. */
    void putFields(Map<String, String> fields) {
        put(fields, "Queue", queue);
        put(fields, "CallerNumber", callerNumber);
        put(fields, "CallerName", callerName);
        put(fields, "DialedNumber", dialedNumber);
        put(fields, "Skills", skills);
        put(fields, "IvrLang", ivrLang);
        put(fields, "IvrChoice", ivrChoice);
        put(fields, "CustomerId", customerId);
        put(fields, "CallUid", callUid);
        put(fields, "LastAgent", lastAgent);
        put(fields, "DialStatus", dialStatus);
        put(fields, "AmdStatus", amdStatus);
        put(fields, "AmdCause", amdCause);
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public String getCallerNumber() {
        return callerNumber;
    }

    public void setCallerNumber(String callerNumber) {
        this.callerNumber = callerNumber;
    }

    public String getCallerName() {
        return callerName;
    }

    public void setCallerName(String callerName) {
        this.callerName = callerName;
    }

    public String getDialedNumber() {
        return dialedNumber;
    }

    public void setDialedNumber(String dialedNumber) {
        this.dialedNumber = dialedNumber;
    }

    public String getSkills() {
        return skills;
    }

    public void setSkills(String skills) {
        this.skills = skills;
    }

    public String getIvrLang() {
        return ivrLang;
    }

    public void setIvrLang(String ivrLang) {
        this.ivrLang = ivrLang;
    }

    public String getIvrChoice() {
        return ivrChoice;
    }

    public void setIvrChoice(String ivrChoice) {
        this.ivrChoice = ivrChoice;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    public String getCallUid() {
        return callUid;
    }

    public void setCallUid(String callUid) {
        this.callUid = callUid;
    }

    public String getLastAgent() {
        return lastAgent;
    }

    public void setLastAgent(String lastAgent) {
        this.lastAgent = lastAgent;
    }

    public String getDialStatus() {
        return dialStatus;
    }

    public void setDialStatus(String dialStatus) {
        this.dialStatus = dialStatus;
    }

    public String getAmdStatus() {
        return amdStatus;
    }

    public void setAmdStatus(String amdStatus) {
        this.amdStatus = amdStatus;
    }

    public String getAmdCause() {
        return amdCause;
    }

    public void setAmdCause(String amdCause) {
        this.amdCause = amdCause;
    }
}
