package io.credyt.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import io.credyt.annotation.BillableAdvisor;
import io.credyt.annotation.BillableInterceptor;
import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.jdbc.CredytDataSourceScriptDatabaseInitializer;
import io.credyt.autoconfigure.jdbc.CredytJdbcProperties;
import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.BillingObserver;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Hold;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.ObservedLedger;
import io.credyt.ledger.Onboarding;
import io.credyt.ledger.SignupAllowances;

import static org.assertj.core.api.Assertions.assertThat;

class CredytAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withInitializer(CredytAutoConfigurations.catalog());

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void ledgerBillingOnboardingAndSweeperAreConfiguredOnTheApplicationsDataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(Catalog.class);
			assertThat(context).getBean(Ledger.class).isInstanceOf(JdbcLedger.class);
			assertThat(context).hasSingleBean(LedgerOptions.class);
			assertThat(context).hasSingleBean(CredytDataSourceScriptDatabaseInitializer.class);
			assertThat(context).getBean(Onboarding.class).isInstanceOf(SignupAllowances.class);
			assertThat(context).hasSingleBean(BillableInterceptor.class);
			assertThat(context.getBean(BillableAdvisor.class).getOrder()).isZero();
			assertThat(context.getBean(HoldSweeper.class).isRunning()).isTrue();
			assertThat(context).getBean(CustomerResolver.class).isInstanceOf(SpringSecurityCustomerResolver.class);
		});
	}

	@Test
	void everythingBacksOffWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CredytProperties.class);
			assertThat(context).doesNotHaveBean(Catalog.class);
			assertThat(context).doesNotHaveBean(Ledger.class);
			assertThat(context).doesNotHaveBean(CredytDataSourceScriptDatabaseInitializer.class);
			assertThat(context).doesNotHaveBean(Onboarding.class);
			assertThat(context).doesNotHaveBean(BillableAdvisor.class);
			assertThat(context).doesNotHaveBean(HoldSweeper.class);
			assertThat(context).doesNotHaveBean(CustomerResolver.class);
		});
	}

	@Test
	void withoutADataSourceOnlyTheCatalogIsConfigured() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(Catalog.class);
				assertThat(context).doesNotHaveBean(Ledger.class);
				assertThat(context).doesNotHaveBean(Onboarding.class);
				assertThat(context).doesNotHaveBean(BillableInterceptor.class);
				assertThat(context).doesNotHaveBean(BillableAdvisor.class);
				assertThat(context).doesNotHaveBean(HoldSweeper.class);
			});
	}

	@Test
	void withoutSpringBootJdbcTheJdbcLedgerBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSourceScriptDatabaseInitializer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(Ledger.class);
				assertThat(context).doesNotHaveBean(CredytJdbcProperties.class);
				assertThat(context).doesNotHaveBean(BillableAdvisor.class);
			});
	}

	@Test
	void withTwoDataSourcesAndNoPrimaryTheJdbcLedgerBacksOff() {
		this.runner.withUserConfiguration(TwoDataSources.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(Ledger.class);
		});
	}

	@Test
	void withoutSpringSecurityThereIsNoCustomerResolver() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CustomerResolver.class);
			assertThat(context).hasSingleBean(BillableAdvisor.class);
		});
	}

	@Test
	void theCustomerIsTheSignedInUsersName() {
		this.runner.run((context) -> {
			CustomerResolver resolver = context.getBean(CustomerResolver.class);
			assertThat(resolver.currentCustomer()).isNull();
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", "secret",
						AuthorityUtils.createAuthorityList("ROLE_USER")));
			assertThat(resolver.currentCustomer()).isEqualTo("alice");
		});
	}

	@Test
	void anAnonymousOrUnauthenticatedUserIsNoCustomer() {
		this.runner.run((context) -> {
			CustomerResolver resolver = context.getBean(CustomerResolver.class);
			SecurityContextHolder.getContext()
				.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
						AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
			assertThat(resolver.currentCustomer()).isNull();
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("mallory", "guess"));
			assertThat(resolver.currentCustomer()).isNull();
		});
	}

	@Test
	void aNewCustomerGetsTheSignupEntitlementsOnce() {
		this.runner.run((context) -> {
			Onboarding onboarding = context.getBean(Onboarding.class);
			Ledger ledger = context.getBean(Ledger.class);
			onboarding.onboard("alice");
			onboarding.onboard("alice");
			assertThat(ledger.balance("alice").entitled("image")).isEqualByComparingTo("2");
			assertThat(ledger.balance("alice").entitlements()).hasSize(1);
		});
	}

	@Test
	void ledgerOptionsComeFromTheHoldAndOverdraftProperties() {
		this.runner.withPropertyValues("credyt.holds.time-to-live=2m", "credyt.overdraft-limit=1.50")
			.run((context) -> {
				LedgerOptions options = context.getBean(LedgerOptions.class);
				assertThat(options.holdTimeToLive()).isEqualTo(Duration.ofMinutes(2));
				assertThat(options.defaultOverdraftLimit()).isEqualByComparingTo("1.50");
				Ledger ledger = context.getBean(Ledger.class);
				ledger.customer("bob");
				assertThat(ledger.balance("bob").accounts().get("USD").overdraftLimit()).isEqualByComparingTo("1.50");
			});
	}

	@Test
	void groupCommitIsOnByDefaultAndSetByItsProperties() {
		this.runner.run((context) -> assertThat(context.getBean(LedgerOptions.class).groupCommit())
			.isEqualTo(LedgerOptions.GroupCommit.DEFAULT));
		this.runner.withPropertyValues("credyt.group-commit.enabled=false", "credyt.group-commit.max-batch=8")
			.run((context) -> assertThat(context.getBean(LedgerOptions.class).groupCommit())
				.isEqualTo(new LedgerOptions.GroupCommit(false, 8)));
	}

	@Test
	void aGroupCommitBatchBelowOneFailsTheStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.group-commit.max-batch=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo("credyt.group-commit.max-batch");
		});
	}

	@Test
	void aNegativeOverdraftLimitFailsTheStartUpNamingTheProperty() {
		this.runner.withPropertyValues("credyt.overdraft-limit=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo("credyt.overdraft-limit");
		});
	}

	@Test
	void theLedgerIsObservedByEveryBillingObserverAndAFailingOneIsSkipped() {
		this.runner.withUserConfiguration(TwoObservers.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThat(ledger).isInstanceOf(ObservedLedger.class);
			ledger.grant("alice", GrantRequest.paid("USD", "1.00"));
			Hold hold = ledger.authorize(AuthorizationRequest.of("alice", "video"));
			assertThat(hold.amount()).isEqualByComparingTo("1.00");
			assertThat(context.getBean(TwoObservers.class).heard).containsExactly("authorized video");
		});
	}

	@Test
	void theApplicationsLedgerReplacesTheJdbcLedgerAndIsBilledAsWell() {
		this.runner.withUserConfiguration(OwnLedger.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(Ledger.class).isSameAs(context.getBean(OwnLedger.class).ledger);
			assertThat(context).hasSingleBean(BillableAdvisor.class);
			assertThat(context).hasSingleBean(Onboarding.class);
			assertThat(context).hasSingleBean(HoldSweeper.class);
		});
	}

	@Test
	void theApplicationsOwnBeansReplaceTheAutoConfiguredOnes() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			OwnBeans own = context.getBean(OwnBeans.class);
			assertThat(context).getBean(Catalog.class).isSameAs(own.catalog);
			assertThat(context).getBean(LedgerOptions.class).isSameAs(own.options);
			assertThat(context).getBean(Onboarding.class).isSameAs(own.onboarding);
			assertThat(context).getBean(CustomerResolver.class).isSameAs(own.customerResolver);
			assertThat(context).getBean(HoldSweeper.class).isSameAs(own.sweeper);
			assertThat(context).getBean(CredytDataSourceScriptDatabaseInitializer.class).isSameAs(own.initializer);
			assertThat(context.getBean(Ledger.class).catalog()).isSameAs(own.catalog);
		});
	}

	@Test
	void theApplicationsOwnBillingAdviceReplacesTheAutoConfiguredOne() {
		this.runner.withUserConfiguration(OwnBillingAdvice.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(BillableInterceptor.class)
				.isSameAs(context.getBean(OwnBillingAdvice.class).interceptor);
			assertThat(context.getBean(BillableAdvisor.class).getOrder()).isEqualTo(42);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DataSource first() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:first").build();
		}

		@Bean
		DataSource second() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:second").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoObservers {

		final List<String> heard = new ArrayList<>();

		@Bean
		BillingObserver listening() {
			return new BillingObserver() {
				@Override
				public void authorized(Hold hold, Duration took) {
					TwoObservers.this.heard.add("authorized " + hold.product());
				}
			};
		}

		@Bean
		BillingObserver failing() {
			return new BillingObserver() {
				@Override
				public void authorized(Hold hold, Duration took) {
					throw new IllegalStateException("this observer is broken");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLedger {

		Ledger ledger;

		@Bean
		Ledger ownLedger(DataSource dataSource, Catalog catalog) {
			this.ledger = new ObservedLedger(new JdbcLedger(dataSource, catalog), BillingObserver.NONE);
			return this.ledger;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final Catalog catalog = Catalog.builder().product(Product.builder("song").price("0.99").build()).build();

		final LedgerOptions options = LedgerOptions.defaults();

		final Onboarding onboarding = (customer) -> {
		};

		final CustomerResolver customerResolver = () -> "carol";

		HoldSweeper sweeper;

		CredytDataSourceScriptDatabaseInitializer initializer;

		@Bean
		Catalog ownCatalog() {
			return this.catalog;
		}

		@Bean
		LedgerOptions ownOptions() {
			return this.options;
		}

		@Bean
		Onboarding ownOnboarding() {
			return this.onboarding;
		}

		@Bean
		CustomerResolver ownCustomerResolver() {
			return this.customerResolver;
		}

		@Bean
		HoldSweeper ownSweeper(Ledger ledger) {
			this.sweeper = new HoldSweeper(ledger, java.time.Clock.systemUTC(), Duration.ofHours(1), 10);
			return this.sweeper;
		}

		@Bean
		CredytDataSourceScriptDatabaseInitializer ownInitializer(DataSource dataSource) {
			this.initializer = new CredytDataSourceScriptDatabaseInitializer(dataSource, new CredytJdbcProperties());
			return this.initializer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBillingAdvice {

		BillableInterceptor interceptor;

		@Bean
		BillableInterceptor ownInterceptor(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
				ObjectProvider<Onboarding> onboarding) {
			this.interceptor = new BillableInterceptor(ledger, customerResolver, onboarding);
			return this.interceptor;
		}

		@Bean
		BillableAdvisor ownAdvisor(BillableInterceptor interceptor) {
			return new BillableAdvisor(interceptor, 42);
		}

	}

}
