package io.credyt.autoconfigure.admin;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.jdbc.JdbcBillingReports;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.report.BillingReports;
import io.credyt.report.CustomerProfitability;
import io.credyt.report.CustomerSort;
import io.credyt.report.CustomerSummary;
import io.credyt.report.ProfitabilityQuery;
import io.credyt.report.ProfitabilityReport;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(CredytReportsAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog());

	@Test
	void reportsReadWhatTheLedgerRecordedOnItsDatabase() {
		this.runner.run((context) -> {
			assertThat(context).getBean(BillingReports.class).isInstanceOf(JdbcBillingReports.class);
			Ledger ledger = context.getBean(Ledger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "4.50"));
			ledger.record(UsageEvent.of("alice-1", "alice", "video", 1));
			List<CustomerSummary> customers = context.getBean(BillingReports.class)
				.customers(null, "USD", CustomerSort.EXTERNAL_ID, false, PageRequest.of(0, 10))
				.items();
			assertThat(customers).extracting(CustomerSummary::externalId).containsExactly("alice");
			assertThat(customers.get(0).available()).isEqualByComparingTo("3.50");
			assertThat(customers.get(0).spendThisMonth()).isEqualByComparingTo("1.00");
			ProfitabilityReport profitability = context.getBean(BillingReports.class)
				.profitability(ProfitabilityQuery.lastDays(Clock.systemUTC()));
			assertThat(profitability.customers()).extracting(CustomerProfitability::customer).containsExactly("alice");
			assertThat(profitability.totals().revenue()).isEqualByComparingTo("1.00");
		});
	}

	@Test
	void reportsDoNotNeedAWebApplicationOrTheDashboard() {
		this.runner.withPropertyValues("credyt.admin.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(BillingReports.class));
	}

	@Test
	void theApplicationsOwnReportsReplaceOurs() {
		this.runner.withUserConfiguration(OwnReports.class).run((context) -> {
			assertThat(context).hasSingleBean(BillingReports.class);
			assertThat(context).hasBean("ownReports");
		});
	}

	@Test
	void noReportsWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.credyt())
			.withConfiguration(AutoConfigurations.of(CredytReportsAutoConfiguration.class))
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BillingReports.class);
			});
	}

	@Test
	void noReportsWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BillingReports.class));
	}

	@Test
	void theReportsAutoConfigurationIsListedForSpringBootToFind() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(CredytReportsAutoConfiguration.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReports {

		@Bean
		BillingReports ownReports(DataSource dataSource) {
			return new JdbcBillingReports(dataSource);
		}

	}

}
