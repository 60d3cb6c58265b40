package org.binkindly.ledger.api.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.binkindly.ledger.projections.review.ReviewQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The review queries read the incident, kill-switch and rebind views; they keep no table of their own. */
@Configuration(proxyBeanMethods = false)
class ReviewConfiguration {

    @Bean
    ReviewQueries reviewQueries(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        return new ReviewQueries(jdbc, objectMapper);
    }
}
