package org.ctiserver.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final int FAST = 1_000;
    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void verifiesTheRightPasswordAndRefusesAWrongOne() {
        String hash = hasher.hash("秘密-pass".toCharArray());
        assertThat(hasher.verify("秘密-pass".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("秘密-Pass".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify(new char[0], hash)).isFalse();
    }

    @Test
    void encodesSchemeIterationsSaltAndHash() {
        String[] parts = hasher.hash("pw".toCharArray()).split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo(Integer.toString(FAST));
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void theDefaultIsAtLeastOwaspsCount() {
        assertThat(new PasswordHasher().iterations()).isGreaterThanOrEqualTo(210_000);
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(210_000);
    }

    @Test
    void everyHashHasItsOwnSalt() {
        String a = hasher.hash("same".toCharArray());
        String b = hasher.hash("same".toCharArray());
        assertThat(a).isNotEqualTo(b);
        assertThat(a.split("\\$")[2]).isNotEqualTo(b.split("\\$")[2]);
        assertThat(hasher.verify("same".toCharArray(), a)).isTrue();
        assertThat(hasher.verify("same".toCharArray(), b)).isTrue();
    }

    @Test
    void aTamperedHashVerifiesNothing() {
        String hash = hasher.hash("pw".toCharArray());
        String[] p = hash.split("\\$");
        byte[] digest = Base64.getDecoder().decode(p[3]);
        digest[0] ^= 1;
        String flipped = p[0] + "$" + p[1] + "$" + p[2] + "$" + Base64.getEncoder().encodeToString(digest);
        assertThat(hasher.verify("pw".toCharArray(), flipped)).isFalse();
        String fewerIterations = p[0] + "$" + (FAST - 1) + "$" + p[2] + "$" + p[3];
        assertThat(hasher.verify("pw".toCharArray(), fewerIterations)).isFalse();
        byte[] salt = Base64.getDecoder().decode(p[2]);
        salt[0] ^= 1;
        String otherSalt = p[0] + "$" + p[1] + "$" + Base64.getEncoder().encodeToString(salt) + "$" + p[3];
        assertThat(hasher.verify("pw".toCharArray(), otherSalt)).isFalse();
    }

    @Test
    void malformedHashesVerifyNothingAndDoNotThrow() {
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$x$AA$AA", "md5$1$AA$AA",
                "pbkdf2-sha256$1000$!!!$AA", "pbkdf2-sha256$1000$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
                "pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}) {
            assertThat(hasher.verify("pw".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void readsTheIterationCountFromTheHash() {
        String old = new PasswordHasher(500).hash("pw".toCharArray());
        assertThat(hasher.verify("pw".toCharArray(), old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("pw".toCharArray()))).isFalse();
    }

    @Test
    void inMemoryCredentialsCheckKnownAgentsAndRefuseUnknownOnes() {
        InMemoryAgentCredentials creds = InMemoryAgentCredentials.ofPlainPasswords(Map.of("1001", "pw1"), hasher);
        assertThat(creds.verify("1001", "pw1".toCharArray())).isTrue();
        assertThat(creds.verify("1001", "pw2".toCharArray())).isFalse();
        assertThat(creds.verify("9999", "pw1".toCharArray())).isFalse();
        assertThat(creds.verify(null, "pw1".toCharArray())).isFalse();
    }

    @Test
    void inMemoryCredentialsRefuseMalformedHashesAtStartWithoutShowingThem() {
        assertThatThrownBy(() -> new InMemoryAgentCredentials(Map.of("1001", "secret-hash"), hasher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001")
                .hasMessageNotContaining("secret-hash");
    }
}
