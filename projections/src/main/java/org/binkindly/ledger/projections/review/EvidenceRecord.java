package org.binkindly.ledger.projections.review;

import org.binkindly.ledger.core.shared.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the runbook's evidence records, filled in from the log: for each thing the runbook asks
 * to be recorded, what the ledger has (with who, when, and where in the log) or that it is
 * missing. JSON for machines; the HTTP layer renders the same as Markdown for people.
 *
 * @param record      the record's name, as the runbook's evidence folder names it (e.g. {@code rollback-drill})
 * @param title       its title
 * @param scope       the scope it is for
 * @param selection   how it was selected, in the runbook command's own options ({@code --scope}, {@code --scope-id}, ...)
 * @param generatedAt when it was rendered
 * @param logPosition the last position in the log when it was rendered: it reflects every event up to there
 * @param subject     what it is about (a rebind, a kill switch), or null when the ledger has nothing for the scope
 * @param outcome     the bottom line, e.g. {@code OBJECTIVE_MET}, {@code FAILED}, {@code NOTHING_RECORDED}
 * @param sections    the record's parts, in the runbook's order
 * @param missing     keys of required items the log does not have yet
 * @param complete    nothing required is missing
 */
public record EvidenceRecord(String record, String title, Scope scope, Map<String, String> selection, Instant generatedAt,
                             Long logPosition, String subject, String outcome, List<Section> sections, List<String> missing,
                             boolean complete) {

    /**
     * @param title the part's title, as the runbook names it
     * @param items what the part asks to be recorded
     */
    public record Section(String title, List<Item> items) {
    }

    /**
     * @param key      stable key, used in {@code missing}
     * @param label    what the runbook asks for, in its words
     * @param value    what the ledger has; null when missing
     * @param evidence where it comes from: who recorded it, when, at which log position
     * @param required whether the record is incomplete without it ("if needed" steps are not)
     */
    public record Item(String key, String label, String value, String evidence, boolean required) {

        public boolean present() {
            return value != null;
        }
    }

    static EvidenceRecord of(String record, String title, Scope scope, Map<String, String> selection, Instant generatedAt,
                             Long logPosition, String subject, String outcome, List<Section> sections) {
        List<String> missing = new ArrayList<>();
        sections.forEach(section -> section.items().stream()
                .filter(item -> item.required() && !item.present())
                .forEach(item -> missing.add(item.key())));
        return new EvidenceRecord(record, title, scope, selection, generatedAt, logPosition, subject, outcome, sections,
                List.copyOf(missing), missing.isEmpty());
    }
}
