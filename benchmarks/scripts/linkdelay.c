/* linkdelay: holds every packet of one NFQUEUE queue for a fixed time, then lets it go, in arrival order.
 * It models the round trip of a real LAN on a host without qdiscs (no netem), for the TFTP comparison:
 * a rule such as `iptables -A OUTPUT -d ADDR -p udp -j NFQUEUE --queue-num 0 --queue-bypass` sends the
 * packets here, and every server under test goes through the same delay. --queue-bypass lets packets
 * pass untouched when this program is not running.
 *
 *   linkdelay QUEUE DELAY_US MAX_SECONDS
 *
 * Stops by itself after MAX_SECONDS (or on SIGTERM/SIGINT), accepting whatever it still holds.
 * Build: cc -O2 -o linkdelay linkdelay.c -lnetfilter_queue -lnfnetlink
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

#define RING_CAPACITY 65536u /* packets held at once; more than the queue's maximum length below */
#define QUEUE_MAX_LENGTH 32768u
#define SOCKET_BUFFER_BYTES (16u * 1024u * 1024u)

struct held { uint32_t id; int64_t due_ns; };

static struct held ring[RING_CAPACITY];
static uint32_t head, tail; /* ring[head..tail) are held, oldest first */
static unsigned long delayed, passed_at_once;
static int64_t delay_ns;
static volatile sig_atomic_t stopping;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *data) {
  (void)msg; (void)data;
  struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  uint32_t id = ntohl(ph->packet_id);
  if (tail - head == RING_CAPACITY) { /* full: let it through now rather than lose it */
    passed_at_once++;
    return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
  }
  ring[tail % RING_CAPACITY] = (struct held){ id, now_ns() + delay_ns };
  tail++;
  delayed++;
  return 0;
}

/* Accepts every held packet whose time has come; one batch verdict covers all ids up to the newest due one. */
static void release_due(struct nfq_q_handle *qh, int64_t now) {
  uint32_t last = 0; int any = 0;
  while (head != tail && ring[head % RING_CAPACITY].due_ns <= now) {
    last = ring[head % RING_CAPACITY].id; any = 1; head++;
  }
  if (any) nfq_set_verdict_batch(qh, last, NF_ACCEPT);
}

static void on_signal(int s) { (void)s; stopping = 1; }

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: linkdelay QUEUE DELAY_US MAX_SECONDS\n"); return 2; }
  int queue = atoi(argv[1]);
  delay_ns = (int64_t)atol(argv[2]) * 1000;
  int64_t end = now_ns() + (int64_t)atol(argv[3]) * 1000000000;
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  prctl(PR_SET_TIMERSLACK, 1UL); /* wake within a microsecond, not the default 50 µs */

  struct nfq_handle *h = nfq_open();
  if (!h) { perror("nfq_open"); return 1; }
  nfq_bind_pf(h, AF_INET);
  struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue, on_packet, NULL);
  if (!qh) { perror("nfq_create_queue"); return 1; }
  if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) { perror("nfq_set_mode"); return 1; }
  nfq_set_queue_maxlen(qh, QUEUE_MAX_LENGTH);
  /* A full queue accepts at once instead of dropping: the delay may shrink under overload, never lose data. */
  nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
  nfnl_rcvbufsiz(nfq_nfnlh(h), SOCKET_BUFFER_BYTES);
  int fd = nfq_fd(h);
  static char buf[65536];
  fprintf(stderr, "linkdelay: queue %d, %ld us each way\n", queue, (long)(delay_ns / 1000));

  while (!stopping) {
    int64_t now = now_ns();
    if (now >= end) break;
    release_due(qh, now);
    int64_t wait = head != tail ? ring[head % RING_CAPACITY].due_ns - now : 100000000;
    if (wait < 0) wait = 0;
    struct timespec timeout = { (time_t)(wait / 1000000000), (long)(wait % 1000000000) };
    struct pollfd p = { fd, POLLIN, 0 };
    int ready = ppoll(&p, 1, &timeout, NULL);
    if (ready < 0 && errno != EINTR) { perror("ppoll"); break; }
    if (ready > 0) {
      for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0) break; /* EAGAIN: nothing more to read now */
        nfq_handle_packet(h, buf, (int)n);
      }
    }
  }
  release_due(qh, INT64_MAX);
  fprintf(stderr, "linkdelay: %lu packets delayed, %lu passed at once (ring full)\n", delayed, passed_at_once);
  nfq_destroy_queue(qh);
  nfq_close(h);
  return 0;
}
