#ifndef TTEMU_VERSION_H
#define TTEMU_VERSION_H
#define TTEMU_VERSION "0.1.0"
#endif
