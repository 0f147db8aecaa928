package io.credyt.annotation;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;

import io.credyt.ledger.UsageRecord;
import io.credyt.testing.TestDatabases;

import static io.credyt.testing.TestCatalog.HD;
import static io.credyt.testing.TestCatalog.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Billable} on a class method or only on the interface method it implements, behind a JDK
 * dynamic proxy or a class-based (CGLIB) proxy: every call through the proxy is billed, with the
 * implementation's parameter names. A call from inside the same object is not.
 */
abstract class BillableProxyBehaviourTests extends BillableTestSupport {

	BillableProxyBehaviourTests(TestDatabases.Kind kind) {
		super(kind);
	}

	@BeforeEach
	void fundAlice() {
		fund("alice", "10.00");
	}

	@Test
	void annotationOnlyOnTheInterfaceIsBilledThroughAJdkProxy() {
		ApplicationContext context = start(Billing.class, DiffusionGenerator.class);
		ImageGenerator generator = context.getBean(ImageGenerator.class);
		assertThat(AopUtils.isJdkDynamicProxy(generator)).as("a JDK dynamic proxy").isTrue();
		assertThat(generator.generate("alice", "hd")).isEqualTo("diffusion image");
		assertBilledForOneHdImage(context);
	}

	@Test
	void annotationOnlyOnTheInterfaceIsBilledThroughAClassProxy() {
		ApplicationContext context = start(ClassProxyBilling.class, DiffusionGenerator.class);
		ImageGenerator generator = context.getBean(ImageGenerator.class);
		assertThat(AopUtils.isCglibProxy(generator)).as("a CGLIB proxy").isTrue();
		assertThat(generator.generate("alice", "hd")).isEqualTo("diffusion image");
		assertBilledForOneHdImage(context);
	}

	@Test
	void annotationOnTheImplementationIsBilledThroughAJdkProxy() {
		ApplicationContext context = start(Billing.class, AnnotatedUpscaler.class);
		Upscaler upscaler = context.getBean(Upscaler.class);
		assertThat(AopUtils.isJdkDynamicProxy(upscaler)).as("a JDK dynamic proxy").isTrue();
		assertThat(upscaler.upscale("alice", "hd")).isEqualTo("upscaled");
		assertBilledForOneHdImage(context);
	}

	@Test
	void annotationOnTheImplementationIsBilledThroughAClassProxy() {
		ApplicationContext context = start(ClassProxyBilling.class, AnnotatedUpscaler.class);
		Upscaler upscaler = context.getBean(Upscaler.class);
		assertThat(AopUtils.isCglibProxy(upscaler)).as("a CGLIB proxy").isTrue();
		assertThat(upscaler.upscale("alice", "hd")).isEqualTo("upscaled");
		assertBilledForOneHdImage(context);
	}

	@Test
	void annotationOnAClassWithoutInterfacesIsBilledThroughAClassProxy() {
		ApplicationContext context = start(Billing.class, Painter.class);
		Painter painter = context.getBean(Painter.class);
		assertThat(AopUtils.isCglibProxy(painter)).as("a CGLIB proxy").isTrue();
		assertThat(painter.paint("alice", "hd")).isEqualTo("painting");
		assertBilledForOneHdImage(context);
	}

	@Test
	void advisorIsAppliedByAGenericAutoProxyCreator() {
		ApplicationContext context = start(GenericAutoProxyBilling.class, DiffusionGenerator.class);
		ImageGenerator generator = context.getBean(ImageGenerator.class);
		assertThat(AopUtils.isAopProxy(generator)).as("a proxy").isTrue();
		assertThat(generator.generate("alice", "hd")).isEqualTo("diffusion image");
		assertBilledForOneHdImage(context);
	}

	@Test
	void callFromInsideTheSameObjectIsNotBilledAgain() {
		ApplicationContext context = start(Billing.class, Painter.class);
		Painter painter = context.getBean(Painter.class);
		painter.paintSeries("alice", 3);
		assertThat(context.getBean(Invocations.class).count("paint")).isEqualTo(3);
		assertThat(this.observer.recorded()).singleElement()
			.satisfies((usage) -> assertThat(usage.fee()).isEqualByComparingTo("0.25"));
		assertUsd("alice", "9.75", "0", "9.75");
		assertInvariants();
	}

	@Test
	void methodWithoutTheAnnotationIsNotBilled() {
		ApplicationContext context = start(Billing.class, Painter.class);
		assertThat(context.getBean(Painter.class).sketch("alice")).isEqualTo("sketch");
		assertThat(this.observer.sequence()).isEmpty();
		assertUsd("alice", "10.00", "0", "10.00");
		assertInvariants();
	}

	private void assertBilledForOneHdImage(ApplicationContext context) {
		Invocations invocations = context.getBean(Invocations.class);
		assertThat(invocations.count()).isEqualTo(1);
		assertThat(invocations.last().held()).as("held while the method ran").isEqualByComparingTo("0.40");
		assertThat(this.observer.recorded()).singleElement().satisfies((usage) -> {
			assertThat(usage.customer()).isEqualTo("alice");
			assertThat(usage.product()).isEqualTo(IMAGE);
			assertThat(usage.dimensions()).isEqualTo(HD);
			assertThat(usage.fee()).isEqualByComparingTo("0.40");
		});
		assertThat(this.observer.recorded()).extracting(UsageRecord::holdId)
			.containsExactly(this.observer.authorized().get(0).id());
		assertUsd("alice", "9.60", "0", "9.60");
		assertInvariants();
	}

	interface ImageGenerator {

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#quality")
		String generate(String customer, String quality);

	}

	static class DiffusionGenerator implements ImageGenerator {

		private final Invocations invocations;

		DiffusionGenerator(Invocations invocations) {
			this.invocations = invocations;
		}

		@Override
		public String generate(String customer, String quality) {
			this.invocations.called("generate", customer);
			return "diffusion image";
		}

	}

	interface Upscaler {

		String upscale(String customer, String quality);

	}

	static class AnnotatedUpscaler implements Upscaler {

		private final Invocations invocations;

		AnnotatedUpscaler(Invocations invocations) {
			this.invocations = invocations;
		}

		@Override
		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#quality")
		public String upscale(String customer, String quality) {
			this.invocations.called("upscale", customer);
			return "upscaled";
		}

	}

	static class Painter {

		private final Invocations invocations;

		Painter(Invocations invocations) {
			this.invocations = invocations;
		}

		@Billable(product = IMAGE, customer = "#customer", dimensions = "quality=#quality")
		public String paint(String customer, String quality) {
			this.invocations.called("paint", customer);
			return "painting";
		}

		/** Billed as one image however many it paints: the inner calls do not pass the proxy. */
		@Billable(product = IMAGE, customer = "#customer")
		public void paintSeries(String customer, int count) {
			for (int i = 0; i < count; i++) {
				paint(customer, "hd");
			}
		}

		public String sketch(String customer) {
			this.invocations.called("sketch", customer);
			return "sketch";
		}

	}

}
