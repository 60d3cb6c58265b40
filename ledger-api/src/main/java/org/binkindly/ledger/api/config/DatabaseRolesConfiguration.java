package org.binkindly.ledger.api.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The split between the role that migrates (owns the tables) and the role the ledger runs as; embedded or external alike. */
@Configuration(proxyBeanMethods = false)
public class DatabaseRolesConfiguration {

    @Bean
    RuntimeRoleGrants runtimeRoleGrants(ObjectProvider<DataSource> dataSource) {
        return new RuntimeRoleGrants(dataSource::getObject);
    }
}
