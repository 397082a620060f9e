/*
 * The stand-ins' HTTP server. It answers in-process, with keep-alive, only what a resident
 * server answers for next to nothing: management's health probe (GET /api/instance, from whether
 * the owner file exists, as the shell route does) and the dashboard's static files, the way
 * NetBird's Go server and the dashboard's nginx do. Every other request is handed, on its
 * untouched connection (nothing of it read), to the shell handler, whose stdin and stdout are
 * the connection; it answers and closes it, as under `busybox nc -ll -e` before.
 *
 * Why: a shell per request costs ~15 ms of CPU here, so the appliance's health watch over 50
 * tenants kept a sixth of a 2-core machine busy on work a real NetBird does not cost, and every
 * benchmark on the same machine paid for it.
 *
 *   httpd -n NAME -p PORT [-p PORT ...] [-e HANDLER] [-o OWNER_FILE] [-r ROOT]
 *
 * Exits 0 on SIGTERM or SIGINT, so a stop is immediate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS 4
#define MAX_CONNS 1024
#define HEAD_MAX 8192
#define FILE_MAX (1 << 20)
#define IDLE_MS 300000LL

static const char *name = "standin";
static const char *handler;
static const char *owner_file;
static const char *root;

static struct pollfd fds[MAX_PORTS + MAX_CONNS];
static long long seen[MAX_PORTS + MAX_CONNS];
static int nlisten;
static int nfds;

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void log_line(const char *level, const char *method, const char *target) {
  char ts[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  dprintf(1, "%s %s %s: %s %s\n", ts, level, name, method, target);
}

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static int listen_on(int port) {
  int one = 1;
  int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd >= 0) {
    int zero = 0;
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT};
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a6, sizeof a6) == 0 && listen(fd, 128) == 0) return fd;
    close(fd);
  }
  /* No IPv6 in this container: IPv4 only. */
  fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a4, sizeof a4) != 0 || listen(fd, 128) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int send_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Sends one answer; a HEAD request gets the headers only. Returns -1 when the connection broke. */
static int respond(int fd, const char *status, const char *type, const char *body, size_t len, int head_only, int keep) {
  char h[512];
  int n = snprintf(h, sizeof h, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n", status, type, len, keep ? "" : "Connection: close\r\n");
  if (send_all(fd, h, (size_t)n) < 0) return -1;
  return head_only || len == 0 ? 0 : send_all(fd, body, len);
}

static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".html")) return "text/html";
  if (!strcmp(dot, ".js")) return "application/javascript";
  if (!strcmp(dot, ".css")) return "text/css";
  if (!strcmp(dot, ".json")) return "application/json";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

static int serve_file(int fd, const char *path, int head_only, int keep) {
  static const char missing[] = "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n";
  char full[1024];
  const char *index = path[strlen(path) - 1] == '/' ? "index.html" : "";
  if (strstr(path, "/..") || snprintf(full, sizeof full, "%s%s%s", root, path, index) >= (int)sizeof full) {
    return respond(fd, "404 Not Found", "text/html", missing, sizeof missing - 1, head_only, keep);
  }
  int f = open(full, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (f < 0 || fstat(f, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > FILE_MAX) {
    if (f >= 0) close(f);
    return respond(fd, "404 Not Found", "text/html", missing, sizeof missing - 1, head_only, keep);
  }
  char *body = malloc((size_t)st.st_size + 1);
  ssize_t got = body ? read(f, body, (size_t)st.st_size) : -1;
  close(f);
  int r = got < 0 ? respond(fd, "500 Internal Server Error", "text/plain", "", 0, head_only, 0)
                  : respond(fd, "200 OK", type_of(full), body, (size_t)got, head_only, keep);
  free(body);
  return got < 0 ? -1 : r;
}

/* The connection, untouched, to the shell handler: stdin and stdout are the socket. */
static void hand_off(int fd) {
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    dup2(fd, 0);
    dup2(fd, 1);
    if (fd > 1) close(fd);
    execl(handler, handler, (char *)NULL);
    _exit(127);
  }
  if (pid < 0) respond(fd, "503 Service Unavailable", "text/plain", "", 0, 0, 0);
}

/* The value of a header in the head (lines after the request line), or NULL. */
static const char *header(const char *head, const char *key, size_t *len) {
  size_t klen = strlen(key);
  for (const char *line = strstr(head, "\r\n"); line && line[2] != '\r'; line = strstr(line + 2, "\r\n")) {
    const char *l = line + 2;
    if (strncasecmp(l, key, klen) == 0 && l[klen] == ':') {
      const char *v = l + klen + 1;
      while (*v == ' ' || *v == '\t') v++;
      const char *e = strstr(v, "\r\n");
      *len = e ? (size_t)(e - v) : strlen(v);
      return v;
    }
  }
  return NULL;
}

/* Serves one request arriving on connection i. Returns 1 to keep the connection, 0 to drop it. */
static int serve(int i) {
  int fd = fds[i].fd;
  char buf[HEAD_MAX + 1];
  ssize_t got = recv(fd, buf, HEAD_MAX, MSG_PEEK);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
  if (got <= 0) return 0;
  buf[got] = 0;
  char *end = strstr(buf, "\r\n\r\n");
  char method[16], target[2048], version[16];
  /* A head not yet whole, or of a shape not answered here: the shell reads it as it comes. */
  if (!end || sscanf(buf, "%15s %2047s %15s", method, target, version) != 3) goto shell;
  end[2] = 0;
  size_t vlen = 0;
  const char *v = header(buf, "Content-Length", &vlen);
  if ((v && !(vlen == 1 && v[0] == '0')) || header(buf, "Transfer-Encoding", &vlen)) goto shell;
  int keep = strcmp(version, "HTTP/1.1") == 0;
  v = header(buf, "Connection", &vlen);
  if (v && vlen == 5 && strncasecmp(v, "close", 5) == 0) keep = 0;
  char path[2048];
  snprintf(path, sizeof path, "%s", target);
  path[strcspn(path, "?")] = 0;
  int head_only = strcmp(method, "HEAD") == 0;
  int answered = -2;
  if (owner_file && strcmp(method, "GET") == 0 && strcmp(path, "/api/instance") == 0) {
    recv(fd, buf, (size_t)(end + 4 - buf), 0);
    struct stat st;
    int owner = stat(owner_file, &st) == 0 && S_ISREG(st.st_mode);
    const char *body = owner ? "{\"setup_required\":false}" : "{\"setup_required\":true}";
    answered = respond(fd, "200 OK", "application/json", body, strlen(body), 0, keep);
  } else if (root && path[0] == '/' && (head_only || strcmp(method, "GET") == 0)) {
    recv(fd, buf, (size_t)(end + 4 - buf), 0);
    answered = serve_file(fd, path, head_only, keep);
  } else if (!handler) {
    recv(fd, buf, (size_t)(end + 4 - buf), 0);
    answered = respond(fd, "501 Not Implemented", "text/plain", "", 0, 0, 0);
    keep = 0;
  }
  if (answered != -2) {
    log_line("INFO", method, target);
    return answered == 0 && keep;
  }
shell:
  if (!handler) return 0;
  hand_off(fd);
  return 0;
}

static void usage(void) {
  fprintf(stderr, "usage: httpd -n NAME -p PORT [-p PORT ...] [-e HANDLER] [-o OWNER_FILE] [-r ROOT]\n");
  exit(2);
}

int main(int argc, char **argv) {
  int ports[MAX_PORTS];
  int nports = 0;
  int opt;
  while ((opt = getopt(argc, argv, "n:p:e:o:r:")) != -1) {
    switch (opt) {
      case 'n': name = optarg; break;
      case 'p':
        if (nports == MAX_PORTS) usage();
        ports[nports++] = atoi(optarg);
        break;
      case 'e': handler = optarg; break;
      case 'o': owner_file = optarg; break;
      case 'r': root = optarg; break;
      default: usage();
    }
  }
  if (nports == 0 || (!handler && !root)) usage();
  /* Children of handed-off connections are reaped by the kernel; each resets this before exec. */
  signal(SIGCHLD, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  for (int p = 0; p < nports; p++) {
    int fd = -1;
    for (int p2 = 0; p2 < p; p2++)
      if (ports[p2] == ports[p]) fd = -2;
    if (fd == -2) continue;
    fd = listen_on(ports[p]);
    if (fd < 0) {
      dprintf(2, "FATAL %s: cannot listen on port %d: %s\n", name, ports[p], strerror(errno));
      return 1;
    }
    fds[nlisten].fd = fd;
    fds[nlisten].events = POLLIN;
    nlisten++;
  }
  nfds = nlisten;
  for (;;) {
    if (poll(fds, (nfds_t)nfds, 1000) < 0 && errno != EINTR) return 1;
    long long t = now_ms();
    for (int i = 0; i < nlisten; i++) {
      if (!(fds[i].revents & POLLIN)) continue;
      for (;;) {
        int c = accept4(fds[i].fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) break;
        if (nfds == MAX_PORTS + MAX_CONNS) {
          close(c);
          continue;
        }
        fds[nfds].fd = c;
        fds[nfds].events = POLLIN;
        fds[nfds].revents = 0;
        seen[nfds] = t;
        nfds++;
      }
    }
    for (int i = nlisten; i < nfds; i++) {
      int keep = 1;
      if (fds[i].revents & POLLIN) {
        keep = serve(i);
        seen[i] = t;
      } else if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) {
        keep = 0;
      } else if (t - seen[i] > IDLE_MS) {
        keep = 0;
      }
      fds[i].revents = 0;
      if (!keep) {
        close(fds[i].fd);
        fds[i] = fds[nfds - 1];
        seen[i] = seen[nfds - 1];
        nfds--;
        i--;
      }
    }
  }
}
