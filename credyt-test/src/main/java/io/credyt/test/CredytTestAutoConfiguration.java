package io.credyt.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.credyt.autoconfigure.CredytAutoConfiguration;
import io.credyt.autoconfigure.jdbc.CredytJdbcAutoConfiguration;
import io.credyt.autoconfigure.portal.CredytPortalAutoConfiguration;
import io.credyt.autoconfigure.subscription.CredytSubscriptionsAutoConfiguration;
import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.subscription.Subscriptions;

/**
 * The test kit's bean, imported by {@link AutoConfigureCredytTest}: a {@link CredytTest} on the
 * application's ledger, unless the test defines its own.
 */
@AutoConfiguration(after = { CredytJdbcAutoConfiguration.class, CredytAutoConfiguration.class,
		CredytPortalAutoConfiguration.class, CredytSubscriptionsAutoConfiguration.class })
public final class CredytTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Ledger.class)
	CredytTest credytTest(Ledger ledger, ObjectProvider<Onboarding> onboarding,
			ObjectProvider<PortalLinks> portalLinks, ObjectProvider<Subscriptions> subscriptions) {
		return new CredytTest(ledger, onboarding.getIfAvailable(), portalLinks.getIfAvailable(),
				subscriptions.getIfAvailable());
	}

}
