package dev.pyembed.spring.gil;

import dev.pyembed.Gil;
import dev.pyembed.GilListener;
import dev.pyembed.GilScopeInfo;
import dev.pyembed.GilTimeoutException;
import dev.pyembed.PythonEngine;
import dev.pyembed.spring.TestRuntime;
import dev.pyembed.spring.autoconfigure.PythonAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @WithGil}: the GIL is held in the method body, with the documented order against {@code @Transactional},
 * {@code @Cacheable} and {@code @Async}, timeouts naming the holder, and labels of the form
 * {@code SimpleClassName.method}.
 */
class WithGilAspectTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PythonAutoConfiguration.class))
            .withUserConfiguration(ServicesConfiguration.class)
            .withPropertyValues(TestRuntime.property());

    @Test
    void theMethodBodyRunsWithTheGilAndNothingElseDoes() {
        runner.run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            assertThat(context.getBean(TypeLevelService.class).holdsGil()).isTrue();
            assertThat(context.getBean(PlainService.class).annotatedHoldsGil()).isTrue();
            assertThat(context.getBean(PlainService.class).plainHoldsGil()).isFalse();
            assertThat(engine.isGilHeldByCurrentThread()).isFalse();
        });
    }

    @Test
    void labelsAreSimpleClassNameDotMethod() {
        runner.run(context -> {
            List<String> labels = recordLabels(context.getBean(PythonEngine.class));
            context.getBean(TypeLevelService.class).holdsGil();
            context.getBean(PlainService.class).annotatedHoldsGil();
            assertThat(labels).containsExactly("TypeLevelService.holdsGil", "PlainService.annotatedHoldsGil");
        });
    }

    @Test
    void checkedExceptionsPassThroughUnchanged() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(PlainService.class).failsChecked())
                .isExactlyInstanceOf(IOException.class).hasMessage("checked on purpose"));
    }

    @Test
    void transactionBeginsAndCommitsOutsideTheGilTheBodyRunsInsideBoth() {
        runner.run(context -> {
            RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
            assertThat(context.getBean(TransactionalService.class).work()).isEqualTo("body gil=true transaction=true");
            assertThat(transactions.events).containsExactly("begin gil=false", "commit gil=false");
        });
    }

    @Test
    void withTheHighestPrecedenceTheGilIsHeldAroundTheTransactionToo() {
        runner.withPropertyValues("pyembed.gil.aspect-order=" + Integer.MIN_VALUE).run(context -> {
            RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
            context.getBean(TransactionalService.class).work();
            assertThat(transactions.events).containsExactly("begin gil=true", "commit gil=true");
        });
    }

    @Test
    void aCacheHitTakesNoGil() {
        runner.run(context -> {
            List<String> labels = recordLabels(context.getBean(PythonEngine.class));
            CachingService service = context.getBean(CachingService.class);
            assertThat(service.square(7)).isEqualTo(49L);
            assertThat(service.square(7)).isEqualTo(49L);
            assertThat(service.square(7)).isEqualTo(49L);
            assertThat(service.bodyCalls()).isEqualTo(1);
            assertThat(labels).containsExactly("CachingService.square");
        });
    }

    @Test
    void asyncHandsTheCallToItsExecutorFirstSoTheCallerNeverWaitsForTheGil() throws Exception {
        runner.run(context -> {
            PythonEngine engine = context.getBean(PythonEngine.class);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = holdGil(engine, held, release);
            try {
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                // The caller gets its future back while another thread holds the GIL: it did not wait for it.
                AsyncService service = context.getBean(AsyncService.class);
                CompletableFuture<String> returned = CompletableFuture.supplyAsync(service::work).get(10, TimeUnit.SECONDS);
                assertThat(returned).isNotDone();
                release.countDown();
                assertThat(returned.get(10, TimeUnit.SECONDS)).isEqualTo("async-worker gil=true");
            } finally {
                release.countDown();
                holder.join(10_000);
            }
        });
    }

    @Test
    void aTimedOutCallNamesTheThreadHoldingTheGil() throws Exception {
        runner.run(context -> assertTimesOutNamingHolder(context.getBean(PythonEngine.class),
                () -> context.getBean(PlainService.class).quick()));
    }

    @Test
    void theAcquireTimeoutPropertyAppliesToMethodsWithoutTheirOwn() throws Exception {
        runner.withPropertyValues("pyembed.gil.acquire-timeout=100ms").run(context -> assertTimesOutNamingHolder(
                context.getBean(PythonEngine.class), () -> context.getBean(PlainService.class).annotatedHoldsGil()));
    }

    @Test
    void anInvalidTimeoutNamesTheMethod() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(PlainService.class).badTimeout())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@WithGil(timeout = \"soon\")").hasMessageContaining("PlainService.badTimeout"));
    }

    @Test
    void theAspectOrderIsConfigurable() {
        runner.withPropertyValues("pyembed.gil.aspect-order=5").run(context ->
                assertThat(context.getBean(WithGilAspect.class).getOrder()).isEqualTo(5));
        runner.run(context -> assertThat(context.getBean(WithGilAspect.class).getOrder()).isEqualTo(Integer.MAX_VALUE));
    }

    private static void assertTimesOutNamingHolder(PythonEngine engine, Runnable call) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdGil(engine, held, release);
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(call::run).isInstanceOfSatisfying(GilTimeoutException.class, e -> {
                assertThat(e.holderThread()).isEqualTo("gil-holder");
                assertThat(e).hasMessageContaining("held by thread 'gil-holder'");
            });
        } finally {
            release.countDown();
            holder.join(10_000);
        }
    }

    private static Thread holdGil(PythonEngine engine, CountDownLatch held, CountDownLatch release) {
        Thread holder = new Thread(() -> {
            try (Gil gil = engine.acquireGil()) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gil-holder");
        holder.start();
        return holder;
    }

    private static List<String> recordLabels(PythonEngine engine) {
        List<String> labels = new CopyOnWriteArrayList<>();
        engine.addGilListener(new GilListener() {
            @Override
            public void acquired(GilScopeInfo scope, long waitNanos, long atNanos) {
                if (scope.label() != null) {
                    labels.add(scope.label());
                }
            }
        });
        return labels;
    }

    @WithGil
    public static class TypeLevelService {
        private final PythonEngine engine;

        public TypeLevelService(PythonEngine engine) {
            this.engine = engine;
        }

        public boolean holdsGil() {
            return engine.isGilHeldByCurrentThread();
        }
    }

    public static class PlainService {
        private final PythonEngine engine;

        public PlainService(PythonEngine engine) {
            this.engine = engine;
        }

        @WithGil
        public boolean annotatedHoldsGil() {
            return engine.isGilHeldByCurrentThread();
        }

        public boolean plainHoldsGil() {
            return engine.isGilHeldByCurrentThread();
        }

        @WithGil(timeout = "100ms")
        public void quick() {
        }

        @WithGil(timeout = "soon")
        public void badTimeout() {
        }

        @WithGil
        public void failsChecked() throws IOException {
            throw new IOException("checked on purpose");
        }
    }

    public static class TransactionalService {
        private final PythonEngine engine;

        public TransactionalService(PythonEngine engine) {
            this.engine = engine;
        }

        @Transactional
        @WithGil
        public String work() {
            return "body gil=" + engine.isGilHeldByCurrentThread()
                    + " transaction=" + TransactionSynchronizationManager.isActualTransactionActive();
        }
    }

    public static class CachingService {
        private final PythonEngine engine;
        final AtomicInteger bodyCalls = new AtomicInteger();

        public CachingService(PythonEngine engine) {
            this.engine = engine;
        }

        public int bodyCalls() {
            return bodyCalls.get();
        }

        @Cacheable("squares")
        @WithGil
        public Object square(long n) {
            bodyCalls.incrementAndGet();
            return engine.<Object>withGil(gil -> gil.eval(n + " * " + n));
        }
    }

    public static class AsyncService {
        private final PythonEngine engine;

        public AsyncService(PythonEngine engine) {
            this.engine = engine;
        }

        @Async
        @WithGil
        public CompletableFuture<String> work() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName().replaceAll("-\\d+$", "")
                    + " gil=" + engine.isGilHeldByCurrentThread());
        }
    }

    /** Records, for each transaction step, whether the GIL was held. */
    static class RecordingTransactionManager extends AbstractPlatformTransactionManager {
        private final PythonEngine engine;
        final List<String> events = new CopyOnWriteArrayList<>();

        RecordingTransactionManager(PythonEngine engine) {
            this.engine = engine;
        }

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            events.add("begin gil=" + engine.isGilHeldByCurrentThread());
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            events.add("commit gil=" + engine.isGilHeldByCurrentThread());
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            events.add("rollback gil=" + engine.isGilHeldByCurrentThread());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    @EnableCaching
    @EnableAsync
    static class ServicesConfiguration {

        @Bean
        TypeLevelService typeLevelService(PythonEngine engine) {
            return new TypeLevelService(engine);
        }

        @Bean
        PlainService plainService(PythonEngine engine) {
            return new PlainService(engine);
        }

        @Bean
        TransactionalService transactionalService(PythonEngine engine) {
            return new TransactionalService(engine);
        }

        @Bean
        CachingService cachingService(PythonEngine engine) {
            return new CachingService(engine);
        }

        @Bean
        AsyncService asyncService(PythonEngine engine) {
            return new AsyncService(engine);
        }

        @Bean
        RecordingTransactionManager transactionManager(PythonEngine engine) {
            return new RecordingTransactionManager(engine);
        }

        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager("squares");
        }

        @Bean(destroyMethod = "shutdownNow")
        ExecutorService taskExecutor() {
            AtomicInteger count = new AtomicInteger();
            return Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "async-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
