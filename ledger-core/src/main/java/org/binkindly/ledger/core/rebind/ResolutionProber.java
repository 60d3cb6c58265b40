package org.binkindly.ledger.core.rebind;

import org.binkindly.ledger.core.shared.Scope;

import java.util.List;

/**
 * Port: probes the resolver and the rules API for a scope after a rebind (the rollback
 * checklist's step 5). A probe passes when the endpoint answers 2xx and, where it names the
 * manifest it serves, names the expected one. Failures are results, never exceptions.
 */
public interface ResolutionProber {

    List<ResolutionProbe> probe(Scope scope, StoredManifest expected);
}
