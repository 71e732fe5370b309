package dev.synchook.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookJobNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // job name,                                        generateName,          short rev, phase,    unix
        "synchook-postsync-4f2a9c1-postsync-1763900000,     synchook-postsync-,    4f2a9c1,   PostSync, 1763900000",
        "smoke-abcdef0-syncfail-1700000000,                 smoke-,                abcdef0,   SyncFail, 1700000000",
        "migrate-0123456-presync-1700000001,                migrate-,              0123456,   PreSync,  1700000001",
        "hook-deadbee-sync-1700000002,                      hook-,                 deadbee,   Sync,     1700000002",
        // Helm chart versions shorter than 8 characters appear whole
        "verify-1.2.3-postsync-1700000003,                  verify-,               1.2.3,     PostSync, 1700000003",
        // a generateName that is itself hex-like does not confuse the 7-character SHA
        "cafe-1234567-postsync-1700000004,                  cafe-,                 1234567,   PostSync, 1700000004",
    })
    void parsesArgoCdGeneratedNames(String name, String generateName, String shortRev, String phase, long unix) {
        HookJobName parsed = HookJobName.parse(name).orElseThrow();
        assertThat(parsed.generateName()).isEqualTo(generateName);
        assertThat(parsed.revisionShort()).contains(shortRev);
        assertThat(parsed.phase()).isEqualTo(SyncPhase.find(phase).orElseThrow());
        assertThat(parsed.operationStartUnix()).isEqualTo(unix);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(nullValues = "-", value = {"-", "''", "my-job", "synchook-postsync", "job-postsync-notanumber",
        "job-abcdef0-aftersync-1700000000", "job-abcdef0-postsync-17"})
    void anyOtherNameYieldsNothing(String name) {
        assertThat(HookJobName.parse(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"x-UPPER!!-postsync-1700000000"})
    void anUnparseableRevisionPartStillGivesPhaseAndOperation(String name) {
        HookJobName parsed = HookJobName.parse(name).orElseThrow();
        assertThat(parsed.revisionShort()).isEqualTo(Optional.empty());
        assertThat(parsed.phase()).isEqualTo(SyncPhase.POST_SYNC);
        assertThat(parsed.operationStartUnix()).isEqualTo(1_700_000_000L);
    }
}
