package org.binkindly.ledger.adapters.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.core.shared.Scope;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * s3proxy's Jackson 3 needs jackson-annotations 2.22, newer than the 2.19 Boot manages; this module
 * pins 2.22. Boot's Jackson 2 databind, which the ledger's own messages go through, must still honour
 * the ledger's annotations next to it. (The embedded store and s3proxy tests cover the Jackson 3 side.)
 */
class DependencyAlignmentTest {

    private static final ObjectMapper BOOTS_JACKSON = new ObjectMapper();

    record ScopedNote(Scope scope, String text) {
    }

    @Test
    void bootsJacksonStillHonoursTheLedgersAnnotationsNextToTheNewerAnnotationsS3proxyNeeds() throws Exception {
        ScopedNote note = new ScopedNote(Scope.parse("locality/se-stockholm"), "bins moved to thursday");

        String json = BOOTS_JACKSON.writeValueAsString(note);

        assertThat(BOOTS_JACKSON.readValue(json, Map.class)).containsEntry("scope", "locality/se-stockholm");
        assertThat(BOOTS_JACKSON.readValue(json, ScopedNote.class)).isEqualTo(note);
    }
}
