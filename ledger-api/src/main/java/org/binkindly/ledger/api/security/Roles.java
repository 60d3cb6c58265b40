package org.binkindly.ledger.api.security;

/** Role expressions for {@code @PreAuthorize}, named by what they allow. */
public final class Roles {

    /** Anyone who may look at incidents. */
    public static final String READ = "hasAnyRole('OPERATOR','INCIDENT_OWNER','RELEASE_OWNER','AUDITOR')";
    /** On-call work: declaring, triage, containment, evidence. */
    public static final String RESPOND = "hasAnyRole('OPERATOR','INCIDENT_OWNER')";
    /** The incident owner's decisions: decision log, downgrades, closure. */
    public static final String OWN = "hasRole('INCIDENT_OWNER')";
    /** The release owner's launch-day validation, sign-off, launches and expansions. */
    public static final String RELEASE = "hasRole('RELEASE_OWNER')";
    /** Alertmanager's webhook: deliveries of alerts, nothing else. */
    public static final String ALERT_INTAKE = "hasRole('ALERT_INTAKE')";
    /** The audit stream and its verification: auditors (and admins, who hold every role). */
    public static final String AUDIT = "hasRole('AUDITOR')";
    /** Operating the ledger itself, e.g. rebuilding a view from the log. */
    public static final String ADMIN = "hasRole('ADMIN')";

    /** Taking a runbook role on an incident: each needs the matching token role ({@code #role} is the path variable). */
    public static final String TAKE_INCIDENT_ROLE = "(#role?.name() == 'ON_CALL_OPERATOR' and hasRole('OPERATOR'))"
            + " or (#role?.name() == 'INCIDENT_OWNER' and hasRole('INCIDENT_OWNER'))"
            + " or (#role?.name() == 'RELEASE_OWNER' and hasRole('RELEASE_OWNER'))";
    /** Managing who may get in: API tokens. */
    public static final String ADMINISTER = "hasRole('ADMIN')";

    private Roles() {
    }
}
