package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.shared.Provenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** How every evidence record words its items: required or optional, who recorded what, where in the log. */
final class EvidenceItems {

    private EvidenceItems() {
    }

    /** A required item; its evidence is dropped when the value is missing. */
    static EvidenceRecord.Item item(String key, String label, String value, String evidence) {
        return new EvidenceRecord.Item(key, label, value, value == null ? null : blankToNull(evidence), true);
    }

    static EvidenceRecord.Item optional(String key, String label, String value) {
        return new EvidenceRecord.Item(key, label, value, null, false);
    }

    /** ", EventType at log position 3, 7", or nothing when the log holds no such event. */
    static String logged(Map<String, List<Long>> positions, String eventType) {
        List<Long> at = positions.get(eventType);
        return at == null || at.isEmpty() ? "" : ", %s at log position %s".formatted(eventType,
                at.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    static String by(Provenance provenance) {
        return provenance == null ? "" : "recorded by %s at %s".formatted(provenance.actor(), provenance.recordedAt());
    }

    /** The selection in the runbook command's own options. */
    static Map<String, String> options(EvidenceRecords.Selection selection, boolean withLocalities) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("scope", selection.scope().kind().pathSegment());
        options.put("scope-id", selection.scope().id());
        if (withLocalities && !selection.validationLocalities().isEmpty()) {
            options.put("validation-localities", String.join(",", selection.validationLocalities()));
        }
        if (selection.killSwitchId() != null) {
            options.put("kill-switch", selection.killSwitchId());
        }
        if (selection.rebindId() != null) {
            options.put("rebind", selection.rebindId());
        }
        if (selection.incidentId() != null) {
            options.put("incident", selection.incidentId());
        }
        return options;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : Objects.requireNonNull(text).replaceFirst("^, ", "");
    }
}
