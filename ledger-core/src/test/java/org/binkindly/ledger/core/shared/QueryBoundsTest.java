package org.binkindly.ledger.core.shared;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class QueryBoundsTest {

    @Test
    void boundsInsideYearsOneTo9999StayAsTheyAre() {
        Instant now = Instant.parse("2026-12-04T19:30:00.123456Z");
        assertThat(QueryBounds.storable(now)).isEqualTo(now);
        assertThat(QueryBounds.storable(QueryBounds.EARLIEST)).isEqualTo(QueryBounds.EARLIEST);
        assertThat(QueryBounds.storable(QueryBounds.LATEST)).isEqualTo(QueryBounds.LATEST);
        assertThat(QueryBounds.storable(null)).isNull();
    }

    @Test
    void boundsBeyondMoveToTheNearestEnd() {
        assertThat(QueryBounds.storable(Instant.MAX)).isEqualTo(QueryBounds.LATEST);
        assertThat(QueryBounds.storable(Instant.MIN)).isEqualTo(QueryBounds.EARLIEST);
        assertThat(QueryBounds.storable(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo(QueryBounds.LATEST);
        assertThat(QueryBounds.storable(Instant.parse("-0001-12-31T23:59:59Z"))).isEqualTo(QueryBounds.EARLIEST);
    }
}
