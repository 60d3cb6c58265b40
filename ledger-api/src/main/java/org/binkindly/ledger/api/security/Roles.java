package org.binkindly.ledger.api.security;

/** Role expressions for {@code @PreAuthorize}, named by what they allow. */
public final class Roles {

    /** Anyone who may look at incidents. */
    public static final String READ = "hasAnyRole('OPERATOR','INCIDENT_OWNER','RELEASE_OWNER','AUDITOR')";
    /** On-call work: declaring, triage, containment, evidence. */
    public static final String RESPOND = "hasAnyRole('OPERATOR','INCIDENT_OWNER')";
    /** The incident owner's decisions: decision log, downgrades, closure. */
    public static final String OWN = "hasRole('INCIDENT_OWNER')";

    /** Taking a runbook role on an incident: each needs the matching token role ({@code #role} is the path variable). */
    public static final String TAKE_INCIDENT_ROLE = "(#role?.name() == 'ON_CALL_OPERATOR' and hasRole('OPERATOR'))"
            + " or (#role?.name() == 'INCIDENT_OWNER' and hasRole('INCIDENT_OWNER'))"
            + " or (#role?.name() == 'RELEASE_OWNER' and hasRole('RELEASE_OWNER'))";
    /** Managing who may get in: API tokens. */
    public static final String ADMINISTER = "hasRole('ADMIN')";

    private Roles() {
    }
}
