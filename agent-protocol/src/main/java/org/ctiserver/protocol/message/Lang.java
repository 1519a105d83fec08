package org.ctiserver.protocol.message;

import java.util.List;

/** The languages of the session's texts. */
public final class Lang {
    public static final String ZH_CN = "zh-CN";
    public static final String EN = "en";
    public static final List<String> SUPPORTED = List.of(ZH_CN, EN);

    private Lang() {
    }

    public static boolean isSupported(String lang) {
        return SUPPORTED.contains(lang);
    }
}
