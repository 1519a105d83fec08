package org.ctiserver.adapter.asterisk;

import org.asteriskjava.manager.event.ManagerEvent;

/**
 * {@code Event: MixMonitorMute} (Asterisk 14+), which Asterisk-Java 3.41 has no class for and so drops. Registered
 * with {@code registerUserEventClass}, Asterisk-Java maps it by its class name ({@code MixMonitorMute} + {@code Event});
 * the class name must therefore stay exactly this, and the class top-level and public.
 */
public class MixMonitorMuteEvent extends ManagerEvent {
    private static final long serialVersionUID = 1L;

    private String channel;
    private String uniqueId;
    private String linkedId;
    private String direction;
    private String state;
    private String language;
    private String accountCode;

    public MixMonitorMuteEvent(Object source) {
        super(source);
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getUniqueId() {
        return uniqueId;
    }

    public void setUniqueId(String uniqueId) {
        this.uniqueId = uniqueId;
    }

    public String getLinkedId() {
        return linkedId;
    }

    public void setLinkedId(String linkedId) {
        this.linkedId = linkedId;
    }

    public String getDirection() {
        return direction;
    }

    public void setDirection(String direction) {
        this.direction = direction;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public String getAccountCode() {
        return accountCode;
    }

    public void setAccountCode(String accountCode) {
        this.accountCode = accountCode;
    }
}
