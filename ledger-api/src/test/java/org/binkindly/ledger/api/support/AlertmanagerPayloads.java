package org.binkindly.ledger.api.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager webhook payloads (version 4), shaped exactly as Alertmanager 0.25 sends them. */
public final class AlertmanagerPayloads {

    private AlertmanagerPayloads() {
    }

    public static Map<String, Object> alert(String status, String alertname, String scope, String fingerprint, Instant startsAt,
                                            Instant endsAt) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("status", status);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        if (scope != null) {
            labels.put("scope", scope);
        }
        labels.put("severity", "page");
        alert.put("labels", labels);
        alert.put("annotations", Map.of("summary", alertname + " for " + scope));
        alert.put("startsAt", startsAt.toString());
        alert.put("endsAt", endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString());
        alert.put("generatorURL", "http://prometheus.example:9090/graph?g0.expr=up");
        alert.put("fingerprint", fingerprint);
        return alert;
    }

    public static Map<String, Object> firing(String alertname, String scope, String fingerprint, Instant startsAt) {
        return alert("firing", alertname, scope, fingerprint, startsAt, null);
    }

    public static Map<String, Object> resolved(String alertname, String scope, String fingerprint, Instant startsAt, Instant endsAt) {
        return alert("resolved", alertname, scope, fingerprint, startsAt, endsAt);
    }

    @SafeVarargs
    public static Map<String, Object> delivery(int truncatedAlerts, Map<String, Object>... alerts) {
        List<Map<String, Object>> list = new ArrayList<>(List.of(alerts));
        boolean anyFiring = list.stream().anyMatch(alert -> "firing".equals(alert.get("status")));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("receiver", "ledger");
        payload.put("status", anyFiring ? "firing" : "resolved");
        payload.put("alerts", list);
        payload.put("groupLabels", Map.of("alertname", list.isEmpty() ? "" : alertnameOf(list.get(0))));
        payload.put("commonLabels", Map.of());
        payload.put("commonAnnotations", Map.of());
        payload.put("externalURL", "http://alertmanager.example:9093");
        payload.put("version", "4");
        payload.put("groupKey", "{}:{alertname=\"" + (list.isEmpty() ? "" : alertnameOf(list.get(0))) + "\"}");
        payload.put("truncatedAlerts", truncatedAlerts);
        return payload;
    }

    @SuppressWarnings("unchecked")
    private static String alertnameOf(Map<String, Object> alert) {
        return ((Map<String, String>) alert.get("labels")).get("alertname");
    }
}
