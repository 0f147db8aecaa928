package io.credyt.autoconfigure.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.adjust.Adjustments;
import io.credyt.adjust.OperatorAction;
import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.autoconfigure.payment.CredytPaymentsAutoConfiguration;
import io.credyt.jdbc.JdbcAdjustments;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.LedgerEvent;
import io.credyt.ledger.LedgerEventListener;
import io.credyt.ledger.UsageEvent;

import static org.assertj.core.api.Assertions.assertThat;

class AdjustmentsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytPaymentsAutoConfiguration.class,
				CredytAdjustmentsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog());

	@Test
	void adjustmentsRefundOnTheLedgersDatabaseAndTellTheLedgersListeners() {
		this.runner.withUserConfiguration(Listening.class).run((context) -> {
			assertThat(context).getBean(Adjustments.class).isInstanceOf(JdbcAdjustments.class);
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "4.50"));
			ledger.record(UsageEvent.of("alice-1", "alice", "video", 1));
			context.getBean(Adjustments.class)
				.refundCharge("alice", "alice-1", new OperatorAction("refund-1", "ops", "the video was blank"));
			assertThat(ledger.balance("alice").available("USD")).isEqualByComparingTo("4.50");
			assertThat(context.getBean(Listening.class).heard)
				.anySatisfy((event) -> assertThat(event).isInstanceOf(LedgerEvent.AdjustmentRecorded.class));
		});
	}

	@Test
	void theApplicationsOwnAdjustmentsReplaceOurs() {
		this.runner.withUserConfiguration(OwnAdjustments.class).run((context) -> {
			assertThat(context).hasSingleBean(Adjustments.class);
			assertThat(context).hasBean("ownAdjustments");
		});
	}

	@Test
	void noAdjustmentsWhenCredytIsOff() {
		this.runner.withPropertyValues("credyt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Adjustments.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final List<LedgerEvent> heard = new CopyOnWriteArrayList<>();

		@Bean
		LedgerEventListener recordingListener() {
			return this.heard::addAll;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAdjustments {

		@Bean
		Adjustments ownAdjustments(javax.sql.DataSource dataSource, Ledger ledger) {
			return new JdbcAdjustments(dataSource, ledger.catalog(), java.time.Clock.systemUTC(),
					new io.credyt.jdbc.JdbcPaymentStore(dataSource));
		}

	}

}
