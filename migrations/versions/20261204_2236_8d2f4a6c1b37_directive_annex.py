"""Let a letter carry an annex listing the dossiers behind its findings.

Revision ID: 8d2f4a6c1b37
Revises: 5c1e0d7b9a42
Create Date: 2026-12-04 22:36:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2f4a6c1b37'
down_revision = '5c1e0d7b9a42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('annex', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('directives', schema=None) as batch_op:
        batch_op.drop_column('annex')
