package org.ctiserver.protocol;

import java.util.Objects;

import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;

/**
 * The server's certificate for wss/https: a key store (PKCS#12, or JKS when the file ends in .jks) with its
 * password, or a PEM certificate chain and private key. Build with {@link #keyStore} or {@link #pem}.
 */
public record TlsOptions(String keyStorePath, String keyStorePassword, String certPath, String keyPath) {
    public TlsOptions {
        boolean store = keyStorePath != null;
        boolean pem = certPath != null || keyPath != null;
        if (store == pem) {
            throw new IllegalArgumentException("TLS needs either a key store or a PEM certificate and key");
        }
        if (pem && (certPath == null || keyPath == null)) {
            throw new IllegalArgumentException("PEM TLS needs both certPath and keyPath");
        }
    }

    public static TlsOptions keyStore(String path, String password) {
        return new TlsOptions(Objects.requireNonNull(path, "path"), password, null, null);
    }

    public static TlsOptions pem(String certPath, String keyPath) {
        return new TlsOptions(null, null, certPath, keyPath);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return keyStorePath != null ? "TlsOptions[keyStore=" + keyStorePath + "]"
                : "TlsOptions[cert=" + certPath + ", key=" + keyPath + "]";
    }

    KeyCertOptions keyCertOptions() {
        if (keyStorePath == null) {
            return new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath);
        }
        if (keyStorePath.toLowerCase(java.util.Locale.ROOT).endsWith(".jks")) {
            return new JksOptions().setPath(keyStorePath).setPassword(keyStorePassword);
        }
        return new PfxOptions().setPath(keyStorePath).setPassword(keyStorePassword);
    }
}
