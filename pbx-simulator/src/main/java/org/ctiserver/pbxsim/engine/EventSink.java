package org.ctiserver.pbxsim.engine;

import org.ctiserver.pbxsim.ami.AmiMessage;

/** Where the simulation's events go: the AMI server broadcasts them to the sessions whose mask accepts the class. */
public interface EventSink {
    void emit(AmiMessage event, int eventClass);
}
