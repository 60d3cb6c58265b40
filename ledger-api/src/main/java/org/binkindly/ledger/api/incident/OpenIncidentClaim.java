package org.binkindly.ledger.api.incident;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.binkindly.ledger.core.incident.IncidentId;
import org.binkindly.ledger.core.incident.command.DeclareIncident;
import org.springframework.stereotype.Component;

/**
 * One open incident per class and scope, enforced in the declaration's own transaction: a
 * {@link DeclareIncident} that is not declared as a separate one takes the class-and-scope lock,
 * and is refused with INCIDENT_ALREADY_OPEN if another incident of that class and scope is open;
 * its own event then adds it to open_incident before the lock is released at commit. So two
 * concurrent declarations (on one node or two) cannot both open one, and neither waits for a view.
 */
@Component
class OpenIncidentClaim implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final OpenIncidents openIncidents;

    OpenIncidentClaim(OpenIncidents openIncidents) {
        this.openIncidents = openIncidents;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof DeclareIncident declaration && declaration.separateFrom() == null
                && declaration.incidentClass() != null && declaration.scope() != null) {
            openIncidents.lockClassAndScope(declaration.incidentClass(), declaration.scope());
            IncidentId openOne = openIncidents.openOf(declaration.incidentClass(), declaration.scope(), declaration.incidentId());
            if (openOne != null) {
                throw IncidentDeclarations.alreadyOpen(openOne, declaration.incidentClass(), declaration.scope());
            }
        }
        return chain.proceed();
    }
}
