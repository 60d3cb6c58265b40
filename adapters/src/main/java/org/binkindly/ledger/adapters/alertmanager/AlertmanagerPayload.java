package org.binkindly.ledger.adapters.alertmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload, version 4, as it arrives. Times stay text here so a bad one is
 * reported by name; fields Alertmanager may add later are ignored.
 *
 * @param version the webhook payload's version; 4 is read
 * @param groupKey Alertmanager's key of the alert group
 * @param truncatedAlerts how many alerts Alertmanager left out (max_alerts)
 * @param status firing or resolved: the group's status
 * @param receiver the receiver's name in Alertmanager's configuration
 * @param groupLabels the labels the group is formed by
 * @param commonLabels the labels all its alerts share
 * @param commonAnnotations the annotations all its alerts share
 * @param externalUrl the link back to the Alertmanager that sent it
 * @param alerts the alerts of the group
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerPayload(String version, String groupKey, Integer truncatedAlerts, String status, String receiver,
                                  Map<String, String> groupLabels, Map<String, String> commonLabels,
                                  Map<String, String> commonAnnotations, @JsonProperty("externalURL") @Schema(description = "The link back to the Alertmanager that sent it") String externalUrl,
                                  List<Alert> alerts) {

    /**
     * @param status firing or resolved
     * @param labels the alert's labels: alertname and scope labels route it
     * @param annotations the alert's annotations
     * @param startsAt when it started firing, RFC 3339
     * @param endsAt when it stopped, or Alertmanager's expected end while firing, RFC 3339
     * @param generatorUrl the link back to the rule that fired
     * @param fingerprint Alertmanager's hash of its labels
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
                        String endsAt, @JsonProperty("generatorURL") @Schema(description = "The link back to the rule that fired") String generatorUrl, String fingerprint) {
    }
}
