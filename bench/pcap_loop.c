/* The baseline of tools/bench: the least work any libpcap-based reader can do, reading
 * every record with pcap_next_ex and touching nothing. Every other tool is measured as a
 * ratio to this. Prints the packet and byte counts so the work cannot be optimised away. */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: gp-pcap-loop FILE\n");
    return 2;
  }
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(argv[1], err);
  if (p == NULL) {
    fprintf(stderr, "gp-pcap-loop: %s\n", err);
    return 1;
  }
  struct pcap_pkthdr* h;
  const unsigned char* data;
  unsigned long long packets = 0, bytes = 0;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
    ++packets;
    bytes += h->caplen;
  }
  if (rc == PCAP_ERROR) fprintf(stderr, "gp-pcap-loop: %s\n", pcap_geterr(p));
  printf("%llu packets, %llu bytes\n", packets, bytes);
  pcap_close(p);
  return rc == PCAP_ERROR ? 1 : 0;
}
