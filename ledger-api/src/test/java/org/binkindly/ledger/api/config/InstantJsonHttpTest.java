package org.binkindly.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.json.JacksonSerializer;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast instant writer ({@link InstantJson}) is the one the running ledger uses: for its HTTP
 * answers, its events and its views' documents; and an answer carries an instant as it was sent.
 */
class InstantJsonHttpTest extends LedgerHttpTest {

    @Autowired
    ObjectMapper objectMapper;
    @Autowired
    org.axonframework.config.Configuration axon;
    @Autowired
    RequestMappingHandlerAdapter mvc;

    @Test
    void everyMapperOfTheLedgerWritesInstantsTheFastWay() throws Exception {
        List<ObjectMapper> mappers = new ArrayList<>(List.of(objectMapper, ((JacksonSerializer) axon.eventSerializer()).getObjectMapper()));
        // the converter Spring MVC writes an answer with: the first that can, for JSON and for problems
        for (MediaType type : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)) {
            HttpMessageConverter<?> writer = mvc.getMessageConverters().stream().filter(converter -> converter.canWrite(Map.class, type))
                    .findFirst().orElseThrow();
            assertThat(writer).as(type.toString()).isInstanceOf(MappingJackson2HttpMessageConverter.class);
            mappers.add(((MappingJackson2HttpMessageConverter) writer).getObjectMapper());
        }
        for (ObjectMapper mapper : mappers) {
            assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
                    .as(mapper.getRegisteredModuleIds().toString()).isInstanceOf(InstantJson.IsoInstantSerializer.class);
        }
    }

    @Test
    void aDeclarationsAnswerCarriesItsDetectionInstantAsSent() {
        for (String detectedAt : List.of("2026-12-05T10:11:12.123456Z", "2026-12-05T10:11:12Z", "2026-12-05T10:11:12.120Z")) {
            Map<String, Object> body = new HashMap<>(Incidents.declaration("PUBLISH_FAILURE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
            body.put("detectedAt", detectedAt);
            LedgerClient.Response declared = ledger.post("/incidents", LedgerClient.ALICE_OPERATOR, body);
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
            assertThat(declared.json().path("detectedAt").asText()).isEqualTo(Instant.parse(detectedAt).toString());
        }
    }
}
