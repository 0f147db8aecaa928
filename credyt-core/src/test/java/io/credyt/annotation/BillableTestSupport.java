package io.credyt.annotation;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import io.credyt.ledger.Ledger;
import io.credyt.ledger.ObservedLedger;
import io.credyt.ledger.Onboarding;
import io.credyt.testing.LedgerTestSupport;
import io.credyt.testing.RecordingObserver;
import io.credyt.testing.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Base of the {@code @Billable} tests: a plain Spring context (no Spring Boot) per test, on the
 * test's fresh database, with the ledger as a bean (a {@link io.credyt.jdbc.JdbcLedger} wrapped in
 * an {@link ObservedLedger} that reports to {@link #observer}), the {@link BillableInterceptor}
 * and its {@link BillableAdvisor}, transactions on a {@link DataSourceTransactionManager}, and the
 * sample services a test names.
 *
 * <p>
 * The advisor is an infrastructure bean, so the auto-proxy creator that
 * {@code @EnableTransactionManagement} registers applies it with the transaction advisor, both
 * in one proxy ordered by their orders: the way a framework integration wires its own advice
 * without AspectJ.
 */
abstract class BillableTestSupport extends LedgerTestSupport {

	protected RecordingObserver observer;

	private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

	BillableTestSupport(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void createObserver() {
		this.observer = new RecordingObserver();
	}

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(AnnotationConfigApplicationContext::close);
	}

	/**
	 * Starts a context with the test's data source and ledger as beans, plus the given
	 * configurations and services. Closed after the test.
	 * @param components configuration classes and services
	 * @return the running context
	 */
	protected AnnotationConfigApplicationContext start(Class<?>... components) {
		AnnotationConfigApplicationContext context = prepare(components);
		context.refresh();
		return context;
	}

	/**
	 * Starts a context that is expected not to start.
	 * @param components configuration classes and services
	 * @return why it failed
	 */
	protected Throwable failToStart(Class<?>... components) {
		AnnotationConfigApplicationContext context = prepare(components);
		Throwable failure = catchThrowable(context::refresh);
		assertThat(failure).as("why the context did not start").isNotNull();
		return failure;
	}

	private AnnotationConfigApplicationContext prepare(Class<?>... components) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		this.contexts.add(context);
		context.getBeanFactory().registerSingleton("dataSource", this.dataSource);
		context.getBeanFactory().registerSingleton("ledger", new ObservedLedger(this.ledger, this.observer));
		context.register(Invocations.class);
		context.register(components);
		return context;
	}

	/**
	 * Every message in an exception's cause chain (suppressed ones included), joined.
	 * @param failure the exception
	 * @return the messages, one a line
	 */
	protected static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.append(current.getClass().getName()).append(": ").append(current.getMessage()).append('\n');
			for (Throwable suppressed : current.getSuppressed()) {
				messages.append(messages(suppressed));
			}
		}
		return messages.toString();
	}

	/**
	 * The interceptor and the transaction manager every configuration shares.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BillingBeans {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		BillableInterceptor billableInterceptor(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
				ObjectProvider<Onboarding> onboarding) {
			return new BillableInterceptor(ledger, customerResolver, onboarding);
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	/**
	 * Billing wraps the transaction (order 0 against the transaction advisor's lowest
	 * precedence), so usage is captured after the business transaction commits; interface-based
	 * beans get JDK proxies.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	@Import(BillingBeans.class)
	static class Billing {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor) {
			return new BillableAdvisor(billableInterceptor, 0);
		}

	}

	/**
	 * As {@link Billing}, but every bean gets a class-based (CGLIB) proxy, as Spring Boot does by
	 * default.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = true)
	@Import(BillingBeans.class)
	static class ClassProxyBilling {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor) {
			return new BillableAdvisor(billableInterceptor, 0);
		}

	}

	/**
	 * No transaction management: a generic auto-proxy creator applies every advisor bean, as the
	 * AspectJ-aware one Spring Boot registers when AspectJ is present does.
	 */
	@Configuration(proxyBeanMethods = false)
	static class GenericAutoProxyBilling {

		@Bean
		static DefaultAdvisorAutoProxyCreator autoProxyCreator() {
			return new DefaultAdvisorAutoProxyCreator();
		}

		@Bean
		BillableInterceptor billableInterceptor(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
				ObjectProvider<Onboarding> onboarding) {
			return new BillableInterceptor(ledger, customerResolver, onboarding);
		}

		@Bean
		BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor) {
			return new BillableAdvisor(billableInterceptor, 0);
		}

	}

	/**
	 * The wrong way round: the transaction advisor (order 0) wraps billing (lowest precedence), so
	 * usage is captured inside the business transaction, before it commits.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(order = 0)
	@Import(BillingBeans.class)
	static class BillingInsideTransactions {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		BillableAdvisor billableAdvisor(BillableInterceptor billableInterceptor) {
			return new BillableAdvisor(billableInterceptor, Ordered.LOWEST_PRECEDENCE);
		}

	}

}
