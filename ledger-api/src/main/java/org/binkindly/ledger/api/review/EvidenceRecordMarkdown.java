package org.binkindly.ledger.api.review;

import org.binkindly.ledger.projections.review.EvidenceRecord;

import java.util.stream.Collectors;

/** An evidence record as Markdown, for the incident folder: what is there, and plainly what is missing. */
public final class EvidenceRecordMarkdown {

    private EvidenceRecordMarkdown() {
    }

    public static String render(EvidenceRecord record) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(record.title()).append(": ").append(record.scope()).append("\n\n");
        md.append("- Selected with: `").append(record.selection().entrySet().stream()
                .map(option -> "--" + option.getKey() + "=" + option.getValue()).collect(Collectors.joining(" "))).append("`\n");
        md.append("- Rendered from the event log through position ").append(record.logPosition() == null ? "0" : record.logPosition())
                .append(" at ").append(record.generatedAt()).append('\n');
        md.append("- Subject: ").append(record.subject() == null ? "none: the ledger has nothing of this kind for the scope" : record.subject())
                .append('\n');
        md.append("- Outcome: **").append(record.outcome()).append("**\n");
        md.append("- Complete: ").append(record.complete() ? "yes" : "**no**, " + record.missing().size() + " item(s) missing")
                .append("\n");
        for (EvidenceRecord.Section section : record.sections()) {
            md.append("\n## ").append(section.title()).append("\n\n");
            for (EvidenceRecord.Item item : section.items()) {
                md.append("- **").append(escape(item.label())).append("**: ");
                if (item.present()) {
                    md.append(escape(item.value()));
                    if (item.evidence() != null) {
                        md.append(" _(").append(escape(item.evidence())).append(")_");
                    }
                } else {
                    md.append(item.required() ? "**MISSING**" : "not recorded (only if needed)");
                }
                md.append('\n');
            }
        }
        if (!record.missing().isEmpty()) {
            md.append("\n## Missing\n\n");
            record.missing().forEach(key -> md.append("- `").append(key).append("`\n"));
        }
        return md.toString();
    }


    /** Operator-written text must not turn into Markdown structure (headings, emphasis, links). */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
                .replace("[", "\\[").replace("]", "\\]").replace("#", "\\#").replace("\n", " ");
    }
}
