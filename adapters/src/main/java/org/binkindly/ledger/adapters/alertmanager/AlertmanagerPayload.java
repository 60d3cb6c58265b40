package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload, version 4, as it arrives. Times stay text here so a bad one is
 * reported by name; fields Alertmanager may add later are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerPayload(String version, String groupKey, Integer truncatedAlerts, String status, String receiver,
                                  Map<String, String> groupLabels, Map<String, String> commonLabels,
                                  Map<String, String> commonAnnotations, @JsonProperty("externalURL") String externalUrl,
                                  List<Alert> alerts) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
                        String endsAt, @JsonProperty("generatorURL") String generatorUrl, String fingerprint) {
    }
}
