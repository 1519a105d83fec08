package org.ctiserver.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Which browser origins may open the agent WebSocket. */
final class OriginCheck {
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    private OriginCheck() {
    }

    /**
     * No Origin header (a non-browser client): allowed, browsers always send one. Otherwise the origin must be
     * listed, or, with an empty list, name the same host and port as the Host header. The scheme is not
     * compared, so a TLS-terminating proxy in front (https outside, http inside) still counts as same origin.
     */
    static boolean allows(String origin, String host, List<String> allowed) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (!allowed.isEmpty()) {
            return allowed.contains(o);
        }
        String authority = authorityOf(o);
        return authority != null && host != null && authority.equals(normalizeHost(host.trim().toLowerCase(Locale.ROOT)));
    }

    /** host[:port] of an origin, without the scheme's default port; null when it is not a URL ("null"). */
    private static String authorityOf(String origin) {
        try {
            URI u = new URI(origin);
            if (u.getHost() == null) {
                return null;
            }
            int port = u.getPort();
            boolean defaultPort = port < 0 || port == HTTP_PORT && "http".equals(u.getScheme())
                    || port == HTTPS_PORT && "https".equals(u.getScheme());
            return defaultPort ? u.getHost() : u.getHost() + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalizeHost(String host) {
        if (host.endsWith(":" + HTTP_PORT)) {
            return host.substring(0, host.length() - 3);
        }
        if (host.endsWith(":" + HTTPS_PORT)) {
            return host.substring(0, host.length() - 4);
        }
        return host;
    }
}
