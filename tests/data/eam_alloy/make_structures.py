"""Makes the small random Cu-Ni structures of the eam/alloy reference test.

fcc lattice (a = 3.56 Angstrom) with every atom displaced uniformly in
[-0.25, 0.25] Angstrom per component and given type 1 (Ni) or 2 (Cu) at
random; Python's random module with fixed seeds, so reruns give identical files.
  cuni256.data: 4x4x4 cells, orthorhombic, 256 atoms
  cuni108_tri.data: 3x3x3 cells sheared to a triclinic box (xy 1.1, xz -0.7,
    yz 0.45): a box narrower than twice the 6.39 Angstrom cutoff, so atoms
    see several periodic images of the same neighbour.
"""
import random


def write(name, cells, tilt, seed):
    rng = random.Random(seed)
    a = 3.56
    basis = [(0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5)]
    L = cells * a
    xy, xz, yz = tilt
    atoms = []
    for i in range(cells):
        for j in range(cells):
            for k in range(cells):
                for b in basis:
                    s = [(i + b[0]) / cells, (j + b[1]) / cells, (k + b[2]) / cells]
                    # r = h s with h = [[L, xy, xz], [0, L, yz], [0, 0, L]]
                    x = L * s[0] + xy * s[1] + xz * s[2]
                    y = L * s[1] + yz * s[2]
                    z = L * s[2]
                    d = [rng.uniform(-0.25, 0.25) for _ in range(3)]
                    t = rng.choice([1, 2])
                    atoms.append((t, x + d[0], y + d[1], z + d[2]))
    with open(name, "w") as f:
        f.write("random Cu-Ni test structure (make_structures.py, seed %d)\n\n" % seed)
        f.write("%d atoms\n2 atom types\n\n" % len(atoms))
        f.write("0.0 %.10f xlo xhi\n0.0 %.10f ylo yhi\n0.0 %.10f zlo zhi\n" % (L, L, L))
        if tilt != (0, 0, 0):
            f.write("%.10f %.10f %.10f xy xz yz\n" % tilt)
        f.write("\nMasses\n\n1 58.689\n2 63.546\n\nAtoms # atomic\n\n")
        for n, (t, x, y, z) in enumerate(atoms, 1):
            f.write("%d %d %.12f %.12f %.12f\n" % (n, t, x, y, z))


write("cuni256.data", 4, (0, 0, 0), 20240601)
write("cuni108_tri.data", 3, (1.1, -0.7, 0.45), 20240602)
