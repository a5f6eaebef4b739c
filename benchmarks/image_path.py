"""The decoder image path alone, forward + backward over 24 images of 128 px, 32 channels: the first version (three
stride-2 convs: 1/2, 1/4, 1/8) against the one in use (4-px patches, a 3x3 conv, a stride-2 conv), NCHW and channels_last.

    python benchmarks/image_path.py      # 1 thread
"""
import torch, time
from torch import nn
torch.set_num_threads(1)
def T(f, n=4):
    for i in range(2): f()
    t = time.perf_counter()
    for i in range(n): f()
    return round((time.perf_counter() - t) / n * 1000, 1)
def cgr(cin, cout, k, s, p, norm=True):
    return [nn.Conv2d(cin, cout, k, s, p, bias=not norm)] + ([nn.GroupNorm(8, cout)] if norm else []) + [nn.ReLU(inplace=True)]
c = 32
nets = {
 'three stride-2 convs, GN': nn.Sequential(*cgr(3, c, 3, 2, 1), *cgr(c, c, 3, 2, 1), *cgr(c, c, 3, 2, 1)),
 '4-px patches + 3x3 + stride 2, GN (in use)': nn.Sequential(*cgr(3, c, 4, 4, 0), *cgr(c, c, 3, 1, 1), *cgr(c, c, 3, 2, 1)),

}
x = torch.randn(24, 3, 128, 128)
for name, net in nets.items():
    for cl in (False, True):
        n2 = net.to(memory_format=torch.channels_last) if cl else net
        xx = x.contiguous(memory_format=torch.channels_last) if cl else x
        print(name, 'cl' if cl else 'nchw', T(lambda: n2(xx).sum().backward()), 'ms fwd+bwd (24 images, 1 thread)')
