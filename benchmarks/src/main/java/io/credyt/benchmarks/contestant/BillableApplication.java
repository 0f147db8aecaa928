package io.credyt.benchmarks.contestant;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import io.credyt.annotation.BillableAdvisor;
import io.credyt.annotation.BillableInterceptor;
import io.credyt.annotation.CustomerResolver;
import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerOptions;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;

/**
 * A small Spring application the way the starter wires one, without Boot: the ledger with its
 * default options (group commit on), the {@code @Billable} interceptor and advisor as
 * infrastructure beans, an auto-proxy creator, and the operations bean. Calls to
 * {@link #metered()} go through the real proxy.
 */
public final class BillableApplication implements AutoCloseable {

	private final AnnotationConfigApplicationContext context;

	private BillableApplication(AnnotationConfigApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application on a data source whose schema exists.
	 * @param dataSource the ledger's database
	 * @return the running application
	 */
	public static BillableApplication start(DataSource dataSource) {
		return start(dataSource, LedgerOptions.defaults());
	}

	/**
	 * Starts the application on a data source whose schema exists, its ledger with the given options.
	 * @param dataSource the ledger's database
	 * @param options the ledger's options
	 * @return the running application
	 */
	public static BillableApplication start(DataSource dataSource, LedgerOptions options) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean("dataSource", DataSource.class, () -> dataSource);
		context.registerBean("ledgerOptions", LedgerOptions.class, () -> options);
		context.register(BillingConfiguration.class);
		context.refresh();
		return new BillableApplication(context);
	}

	/**
	 * The proxied bean whose method is billed.
	 * @return the proxy
	 */
	public MeteredOperations metered() {
		return this.context.getBean(MeteredOperations.class);
	}

	/**
	 * The bean with the same method, not billed (and not proxied).
	 * @return the bean
	 */
	public PlainOperations plain() {
		return this.context.getBean(PlainOperations.class);
	}

	/**
	 * The ledger the interceptor bills through.
	 * @return the ledger
	 */
	public Ledger ledger() {
		return this.context.getBean(Ledger.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	static class BillingConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static DefaultAdvisorAutoProxyCreator billableAutoProxyCreator() {
			return new DefaultAdvisorAutoProxyCreator();
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Ledger ledger(DataSource dataSource, LedgerOptions ledgerOptions) {
			return new JdbcLedger(dataSource, BenchmarkCatalog.catalog(), ledgerOptions, Clock.systemUTC());
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static BillableInterceptor billableInterceptor(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
				ObjectProvider<Onboarding> onboarding) {
			return new BillableInterceptor(ledger, customerResolver, onboarding);
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor) {
			return new BillableAdvisor(billableInterceptor, 0);
		}

		@Bean
		MeteredOperations meteredOperations() {
			return new MeteredOperations();
		}

		@Bean
		PlainOperations plainOperations() {
			return new PlainOperations();
		}

	}

}
