# Independent solve of docs/MODEL.md's equations in levels with a numeric Jacobian, for
# TestNestedReference: pieces, a domestic nest with finite ε and ε_D, a trade cost.
# Run: python3 nested_reference.py (standard library only).
import math, json
sigma, eta, eps, sigD, epsD = 5.0, 1.25, 1.5, 2.5, 2.0
# flows: (importer, exporter, value, t0, pieces[(share,t1)])
flows = [
 ("A","X",60,0.05,[(0.3,0.05),(0.3,0.15),(0.4,0.35)]),
 ("A","Y",40,0.0,[(1,0.0)]),
 ("A","Z",20,0.1,[(1,0.1)]),
 ("A","A",200,0.0,[(1,0.0)]),
 ("B","X",30,0.0,[(0.5,0.0),(0.5,0.25)]),
 ("B","Y",50,0.0,[(1,0.0)]),
]
kappa = {("B","Y"):0.95}
def solve(glob):
    # unknown prices: global: per exporter X,Y,Z + domestic A ; bilateral: per flow
    if glob:
        units = ["X","Y","Z","domA"]
        uof = lambda f: "domA" if f[0]==f[1] else f[1]
    else:
        units = [i for i in range(len(flows))]
        uof = lambda f: flows.index(f)
    def demand(p):
        q = {}
        for m in ["A","B"]:
            fs = [f for f in flows if f[0]==m and f[1]!=m]
            E = sum(f[2]*(1+f[3]) for f in fs)
            S = 0.0
            for f in fs:
                for sh,t1 in f[4]:
                    pi = p[uof(f)]*kappa.get((f[0],f[1]),1)*(1+t1)/(1+f[3])
                    S += f[2]*sh*(1+f[3])/E * pi**(1-sigma)
            PM = S**(1/(1-sigma))
            d = [f for f in flows if f[0]==m and f[1]==m]
            if d:
                D = d[0][2]; thd = D/(D+E); pd = p[uof(d[0])]
                Pm = (thd*pd**(1-sigD)+(1-thd)*PM**(1-sigD))**(1/(1-sigD))
                Qm = Pm**(-eta); QM = Qm*(PM/Pm)**(-sigD)
                q[(m,m,0)] = Qm*(pd/Pm)**(-sigD)
            else:
                Pm = PM; QM = PM**(-eta)
            for f in fs:
                for k,(sh,t1) in enumerate(f[4]):
                    pi = p[uof(f)]*kappa.get((f[0],f[1]),1)*(1+t1)/(1+f[3])
                    q[(f[0],f[1],k)] = QM*(pi/PM)**(-sigma)
        return q
    def resid(x):
        p = {u: math.exp(xi) for u,xi in zip(units,x)}
        q = demand(p)
        r = []
        for u in units:
            Dv = 0; X = 0; e = eps
            for f in flows:
                if uof(f)!=u: continue
                if f[0]==f[1]: e = epsD
                X += f[2]
                for k,(sh,t1) in enumerate(f[4]):
                    Dv += f[2]*sh*q[(f[0],f[1],k)]
            r.append(math.log(Dv/X) - e*math.log(p[u]))
        return r
    x = [0.0]*len(units)
    for it in range(100):
        r = resid(x)
        if max(abs(v) for v in r) < 1e-14: break
        n=len(x); J=[[0]*n for _ in range(n)]; h=1e-7
        for j in range(n):
            xp=x[:]; xp[j]+=h; xm=x[:]; xm[j]-=h
            rp=resid(xp); rm=resid(xm)
            for i in range(n): J[i][j]=(rp[i]-rm[i])/(2*h)
        # gaussian elimination
        A=[J[i][:]+[-r[i]] for i in range(n)]
        for c in range(n):
            piv=max(range(c,n),key=lambda i:abs(A[i][c])); A[c],A[piv]=A[piv],A[c]
            for i in range(n):
                if i!=c:
                    fct=A[i][c]/A[c][c]
                    for j in range(c,n+1): A[i][j]-=fct*A[c][j]
        dx=[A[i][n]/A[i][i] for i in range(n)]
        x=[a+b for a,b in zip(x,dx)]
    p = {u: math.exp(xi) for u,xi in zip(units,x)}
    q = demand(p)
    out = []
    for f in flows:
        pv = p[uof(f)]
        v1 = sum(f[2]*sh*pv*q[(f[0],f[1],k)] for k,(sh,t1) in enumerate(f[4]))
        out.append(v1)
    return out
print(json.dumps({"bilateral": solve(False), "global": solve(True)}))
