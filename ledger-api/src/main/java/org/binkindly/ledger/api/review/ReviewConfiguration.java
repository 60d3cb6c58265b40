package org.binkindly.ledger.api.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryGateway;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.projections.review.EvidenceRecords;
import org.binkindly.ledger.projections.review.ReviewQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * The review queries and the evidence records read the views (and, for positions, the event log);
 * they keep no table of their own.
 */
@Configuration(proxyBeanMethods = false)
class ReviewConfiguration {

    @Bean
    ReviewQueries reviewQueries(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new ReviewQueries(jdbc, objectMapper);
    }

    @Bean
    EvidenceRecords evidenceRecords(QueryGateway queries, ViewFreshness freshness, EventLog eventLog, Clock clock) {
        return new EvidenceRecords(queries, freshness, eventLog, clock);
    }
}
